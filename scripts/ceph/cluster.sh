#!/usr/bin/env bash
# A throwaway one-node Ceph cluster (1 mon, 1 mgr, 1 osd on memstore) bound to 127.0.0.1, with
# everything - config, keys, data, pid files, sockets, logs - inside one folder.
#
#   cluster.sh start <dir>   installs Debian's ceph packages if missing (needs root then),
#                            starts the cluster, creates pool 'images' (application rbd),
#                            checks a real write, writes <dir>/cluster.env and prints it
#   cluster.sh stop <dir>    kills the daemons by their pid files and waits until they are gone
#   cluster.sh status <dir>  exit 0 if the cluster of <dir> runs and answers
#
# Environment: CEPH_MON_PORT (default: a free port; refused if busy), CEPH_MEMSTORE_BYTES (OSD
# capacity, data is held in RAM; default 8 GiB), CEPH_START_TIMEOUT (seconds, default 120).
# A start in a folder whose cluster still runs stops that cluster first.
set -euo pipefail
# shellcheck source=../lib/ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/ports.sh"
# shellcheck source=../lib/packages.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/packages.sh"

PACKAGES=(ceph-mon ceph-osd ceph-mgr ceph-common python3-rbd python3-rados python3-glance-store)
POOL=images

die() { echo "cluster.sh: $*" >&2; exit 1; }
log() { echo "cluster.sh: $*" >&2; }

install_packages() {
    install_missing_packages cluster.sh "${PACKAGES[@]}" || exit 1
}

# A port with the next 63 ports free too: the mon takes the first, mgr and osd bind in the rest.
pick_ports() {
    pick_free_ports 64 || die "no 64 free consecutive ports found"
}

# Pids of the daemons whose pid files are in <dir>/run, if they still run this cluster's config.
daemon_pids() {
    local dir=$1 f pid
    for f in "$dir"/run/*.pid; do
        [ -e "$f" ] || continue
        pid=$(cat "$f" 2>/dev/null || true)
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        # The pid may have been reused since: only claim processes started with our config.
        if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/ceph.conf"; then
            echo "$pid"
        fi
    done
}

stop_cluster() {
    local dir=$1 pids pid deadline
    pids=$(daemon_pids "$dir")
    [ -n "$pids" ] || return 0
    for pid in $pids; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    # Killed daemons linger as zombies for a moment; a zombie's cmdline is empty, so waiting
    # for it to empty (not kill -0, which a zombie passes) tells when the process is really done.
    deadline=$((SECONDS + 30))
    for pid in $pids; do
        while [ -s "/proc/$pid/cmdline" ]; do
            [ "$SECONDS" -lt "$deadline" ] || die "daemon $pid did not exit"
            sleep 0.1
        done
    done
    log "stopped ${pids//$'\n'/ } in $dir"
}

ceph_cli() {
    local dir=$1
    shift
    timeout 60 ceph --conf "$dir/ceph.conf" --name client.admin --keyring "$dir/client.admin.keyring" \
        --connect-timeout 15 "$@"
}

write_config() {
    local dir=$1 fsid=$2 port=$3
    cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$port
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv4 = true
ms bind ipv6 = false
ms bind port min = $((port + 1))
ms bind port max = $((port + 63))
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
auth allow insecure global id reclaim = false
osd crush chooseleaf type = 0
mon data avail warn = 2
mon data avail crit = 1
run dir = $dir/run
crash dir = $dir/crash
exec dir = $dir/run
debug ms = 0

[mon]
# Snapshot create and remove wait for a monitor proposal; the default 1 s batching would make
# every image add and delete of the tests take a second more.
paxos propose interval = 0.01
paxos min wait = 0.001
keyring = $dir/keyring
mon data = $dir/mon/\$cluster-\$id
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log

[mgr]
keyring = $dir/keyring
mgr data = $dir/mgr/\$cluster-\$id
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log
mgr disabled modules = dashboard

[osd]
keyring = $dir/keyring
osd data = $dir/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = ${CEPH_MEMSTORE_BYTES:-8589934592}
osd max object name len = 256
osd max object namespace len = 64
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log

[client]
keyring = $dir/client.admin.keyring
admin socket =
log file =
EOF
}

start_cluster() {
    local dir=$1 port fsid osd_uuid deadline
    install_packages
    command -v ceph-mon >/dev/null || die "ceph-mon not found after install"

    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    stop_cluster "$dir"
    rm -rf "${dir:?}"/{mon,mgr,osd,run,log,crash,ceph.conf,keyring,client.admin.keyring,monmap,cluster.env,probe}
    mkdir -p "$dir"/{mon,run,log,crash} "$dir/mgr/ceph-x" "$dir/osd/ceph-0"
    # A failed start leaves no daemon behind.
    trap 'stop_cluster "$dir"' ERR

    if [ -n "${CEPH_MON_PORT:-}" ]; then
        port=$CEPH_MON_PORT
        for ((i = 0; i < 64; i++)); do
            port_in_use $((port + i)) && die "port $((port + i)) is busy: refusing to share it (ports $port-$((port + 63)) are needed)"
        done
    else
        port=$(pick_ports)
    fi
    fsid=$(uuidgen)
    write_config "$dir" "$fsid" "$port"

    # Every key goes into the mon's keyring before mkfs, so the mon starts knowing all of them.
    ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
        --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
    ceph-authtool "$dir/keyring" --gen-key -n osd.0 --cap mon 'allow profile osd' \
        --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
    ceph-authtool "$dir/keyring" --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' \
        --cap mds 'allow *' >/dev/null
    printf '[client.admin]\n\tkey = %s\n' "$(ceph-authtool "$dir/keyring" -p -n client.admin)" \
        >"$dir/client.admin.keyring"
    chmod 600 "$dir/keyring" "$dir/client.admin.keyring"

    monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$port]" "$dir/monmap" >/dev/null
    ceph-mon --conf "$dir/ceph.conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring"
    ceph-mon --conf "$dir/ceph.conf" -i a

    osd_uuid=$(uuidgen)
    ceph_cli "$dir" osd new "$osd_uuid" >/dev/null
    ceph-osd --conf "$dir/ceph.conf" -i 0 --mkfs --osd-uuid "$osd_uuid" 2>"$dir/log/osd-mkfs.err" \
        || { cat "$dir/log/osd-mkfs.err" >&2; die "ceph-osd --mkfs failed"; }
    ceph-osd --conf "$dir/ceph.conf" -i 0 2>>"$dir/log/osd-start.err"
    ceph-mgr --conf "$dir/ceph.conf" -i x

    ceph_cli "$dir" osd pool create "$POOL" 8 8 >/dev/null 2>&1
    ceph_cli "$dir" osd pool application enable "$POOL" rbd >/dev/null 2>&1

    # HEALTH_OK may come while a PG still peers: only a real write proves the pool takes data.
    head -c 65536 /dev/urandom >"$dir/probe"
    deadline=$((SECONDS + ${CEPH_START_TIMEOUT:-120}))
    until timeout 10 rados --conf "$dir/ceph.conf" -p "$POOL" put probe "$dir/probe" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || { stop_cluster "$dir"; die "pool $POOL took no write in time; see $dir/log"; }
        sleep 0.5
    done
    rados --conf "$dir/ceph.conf" -p "$POOL" rm probe
    rm -f "$dir/probe"

    cat >"$dir/cluster.env" <<EOF
CEPH_DIR=$dir
CEPH_CONF=$dir/ceph.conf
CEPH_KEYRING=$dir/client.admin.keyring
CEPH_USER=admin
CEPH_FSID=$fsid
CEPH_MON_HOST=v2:127.0.0.1:$port
CEPH_POOL=$POOL
EOF
    trap - ERR
    cat "$dir/cluster.env"
}

cluster_status() {
    local dir=$1
    [ -f "$dir/cluster.env" ] || return 1
    [ "$(daemon_pids "$dir" | wc -l)" -ge 3 ] || return 1
    ceph_cli "$dir" -s >/dev/null 2>&1
}

[ $# -eq 2 ] || die "usage: cluster.sh start|stop|status <dir>"
command=$1
dir=$2
case "$command" in
    start) start_cluster "$dir" ;;
    stop) [ -d "$dir" ] && stop_cluster "$(cd "$dir" && pwd -P)"; true ;;
    status) [ -d "$dir" ] && cluster_status "$(cd "$dir" && pwd -P)" ;;
    *) die "usage: cluster.sh start|stop|status <dir>" ;;
esac
