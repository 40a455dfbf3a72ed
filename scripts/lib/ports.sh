# Port helpers for the throwaway test servers (sourced by scripts/*/...sh).
#
# A server's ports must be free in every sense: no socket of any state may hold them as its
# local port (a listener, but also a connection in TIME_WAIT, which makes bind() fail), and they
# must lie outside the kernel's ephemeral range, from which every outgoing connection takes a
# local port at any moment, so no client can grab them between the choice and the bind.

# True if any TCP socket (IPv4 or IPv6, any state) has the port as its local port.
port_in_use() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v p="$hex" 'FNR > 1 { split($2, a, ":"); if (a[2] == p) found = 1 } END { exit !found }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Prints the first of <count> consecutive ports that are free and outside the ephemeral range;
# returns 1 if none was found. With a second argument `ceph`, from the lower half of the range
# left, else from the upper half: a Ceph cluster's daemons bind lazily (and bind anew after a
# restart) anywhere in the ports after their mon's, so a port there that looks free now may be
# taken in a moment; no other server must pick one.
pick_free_ports() {
    local count=$1 zone=${2:-} low high lo hi mid base i tries
    read -r low high </proc/sys/net/ipv4/ip_local_port_range
    if ((low - 20000 >= 2 * count + 1000)); then
        lo=20000 hi=$((low - count))
    else
        lo=$((high + 1)) hi=$((65536 - count))
    fi
    mid=$((lo + (hi - lo) / 2))
    if [ "$zone" = ceph ]; then
        hi=$((mid - count))
    else
        lo=$mid
    fi
    for tries in $(seq 200); do
        base=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo)))
        for ((i = 0; i < count; i++)); do
            port_in_use $((base + i)) && continue 2
        done
        echo "$base"
        return 0
    done
    return 1
}
