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
# shellcheck source=../lib/server.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"

PACKAGES=(ceph-mon ceph-osd ceph-mgr ceph-common uuid-runtime python3-rbd python3-rados python3-glance-store)
POOL=images

# The daemons of the pid files in <dir>/run (radosgw's too, when rgw.sh added it) that still
# run this cluster's config.
stop_cluster() {
    stop_owned "$1/ceph.conf" "$1"/run/*.pid
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
# radosgw (scripts/ceph/rgw.sh) creates seven pools of its own: with the default PG count and
# the autoscaler raising it, one OSD would pass its PG limit and refuse new pools.
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
mon data avail warn = 2
mon data avail crit = 1
run dir = $dir/run
crash dir = $dir/crash
exec dir = $dir/run
debug ms = 0
# The mon's cluster log would go to /var/log/ceph otherwise.
mon cluster log file = $dir/log/ceph.log

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

probe_write() {
    timeout 10 rados --conf "$1/ceph.conf" -p "$POOL" put probe "$1/probe" 2>/dev/null
}

start_cluster() {
    local dir port fsid osd_uuid deadline
    start_in "$1" stop_cluster ceph-mon
    rm -rf "${dir:?}"/{mon,mgr,osd,run,log,crash,rgw,ceph.conf,keyring,client.admin.keyring,rgw.keyring,monmap,cluster.env,rgw.env,probe}
    mkdir -p "$dir"/{mon,run,log,crash} "$dir/mgr/ceph-x" "$dir/osd/ceph-0"
    stop_on_failure stop_cluster "$dir"

    # The mon takes the first port; mgr and osd bind in the 63 after it, at any time (hence
    # from the part of the free ports that no other server picks from).
    port=$(server_ports "${CEPH_MON_PORT:-}" 64 ceph)
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
    wait_until "$deadline" "a write to pool $POOL (see $dir/log)" probe_write "$dir"
    rados --conf "$dir/ceph.conf" -p "$POOL" rm probe
    rm -f "$dir/probe"

    write_env "$dir/cluster.env" <<EOF
CEPH_DIR=$dir
CEPH_CONF=$dir/ceph.conf
CEPH_KEYRING=$dir/client.admin.keyring
CEPH_USER=admin
CEPH_FSID=$fsid
CEPH_MON_HOST=v2:127.0.0.1:$port
CEPH_POOL=$POOL
EOF
    stop_on_failure
}

cluster_status() {
    local dir=$1
    [ -f "$dir/cluster.env" ] || return 1
    [ "$(owned_pids "$dir/ceph.conf" "$dir"/run/*.pid | wc -l)" -ge 3 ] || return 1
    ceph_cli "$dir" -s >/dev/null 2>&1
}

server_main start_cluster stop_cluster cluster_status "$@"
