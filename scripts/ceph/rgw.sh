#!/usr/bin/env bash
# A throwaway S3 server: Ceph's RADOS Gateway on the one-node cluster of cluster.sh, bound to
# 127.0.0.1, with its config, keys, data, pid file and log inside the cluster's folder.
#
#   rgw.sh start <dir>   installs radosgw if missing (needs root then), starts the cluster of
#                        cluster.sh in <dir> (stopping one that runs there), adds radosgw and an
#                        S3 user with generated keys, checks a real PUT/GET/DELETE, writes
#                        <dir>/rgw.env (cluster.env's lines and the S3 ones) and prints it
#   rgw.sh stop <dir>    stops radosgw and the cluster (radosgw's pid file is one of the cluster's)
#   rgw.sh status <dir>  exit 0 if the cluster of <dir> runs and radosgw answers
#   rgw.sh gc <dir>      frees now the data of the objects deleted so far (radosgw's garbage
#                        collector frees it a few seconds later by itself)
#
# Clients address buckets path-style (http://127.0.0.1:<port>/<bucket>/<key>): virtual-host
# style would need a DNS name for every bucket. Requests are signed with SigV4 in S3_REGION;
# radosgw refuses an unsigned payload unless the request says x-amz-content-sha256:
# UNSIGNED-PAYLOAD.
#
# Environment: RGW_PORT (default: a free port; refused if busy), RGW_START_TIMEOUT (seconds,
# default 120; radosgw creates its seven pools on its first start), and cluster.sh's own.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../lib/server.sh
. "$here/../lib/server.sh"

PACKAGES=(radosgw curl)
NAME=client.rgw.gw
S3_USER=glance
REGION=us-east-1

admin() {
    local dir=$1
    shift
    timeout 60 "$@" --conf "$dir/ceph.conf" --name client.admin --keyring "$dir/client.admin.keyring"
}

# A SigV4-signed request with the keys of start_rgw (its locals $access and $secret).
s3() {
    curl -s -f --aws-sigv4 "aws:amz:$REGION:s3" --user "$access:$secret" \
        -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}

answers() {
    [ "$(http_code "http://127.0.0.1:$1/")" = 200 ]
}

start_rgw() {
    local dir port access secret endpoint
    install_packages "${PACKAGES[@]}"
    command -v radosgw >/dev/null || die "radosgw not found after install"
    bash "$here/cluster.sh" start "$1" >/dev/null
    dir=$(server_dir "$1")
    stop_on_failure bash "$here/cluster.sh" stop "$dir"

    port=$(server_ports "${RGW_PORT:-}" 1)
    mkdir -p "$dir/rgw"
    cat >>"$dir/ceph.conf" <<EOF

[$NAME]
keyring = $dir/rgw.keyring
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $dir/rgw
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log
# radosgw hands the data of a deleted or overwritten object to its garbage collector, which by
# default frees it two hours later: on a memory-backed OSD of a few GiB, a benchmark or a test
# suite would fill it. A throwaway gateway frees it within seconds.
rgw gc obj min wait = 5
rgw gc processor period = 5
EOF
    admin "$dir" ceph auth get-or-create "$NAME" mon 'allow rw' osd 'allow rwx' mgr 'allow rw' \
        -o "$dir/rgw.keyring" >/dev/null 2>&1
    chmod 600 "$dir/rgw.keyring"
    # radosgw daemonizes itself and writes its pid file into the cluster's run folder.
    radosgw --conf "$dir/ceph.conf" --name "$NAME" 2>>"$dir/log/rgw-start.err"
    wait_until $((SECONDS + ${RGW_START_TIMEOUT:-120})) "an answer from radosgw on port $port (see $dir/log)" \
        answers "$port"

    # The keys are ours to choose: 20 and 40 characters, the shape of AWS's.
    access=$(openssl rand -hex 10 | tr a-f A-F)
    secret=$(openssl rand -hex 20)
    admin "$dir" radosgw-admin user create --uid="$S3_USER" --display-name="$S3_USER" \
        --access-key="$access" --secret-key="$secret" >/dev/null 2>&1 || die "radosgw-admin user create failed"

    endpoint=http://127.0.0.1:$port
    # A real bucket create, write, read and delete, so the data pools are proven too.
    s3 -o /dev/null -X PUT "$endpoint/probe" || die "bucket create failed"
    s3 -o /dev/null -X PUT --data-binary probe "$endpoint/probe/probe" || die "object PUT failed"
    [ "$(s3 "$endpoint/probe/probe")" = probe ] || die "object GET failed"
    s3 -o /dev/null -X DELETE "$endpoint/probe/probe" || die "object DELETE failed"
    s3 -o /dev/null -X DELETE "$endpoint/probe" || die "bucket DELETE failed"

    write_env "$dir/rgw.env" <<EOF
$(cat "$dir/cluster.env")
S3_ENDPOINT=$endpoint
S3_REGION=$REGION
S3_ACCESS_KEY=$access
S3_SECRET_KEY=$secret
S3_USER=$S3_USER
RGW_PORT=$port
EOF
    stop_on_failure
}

stop_rgw() {
    bash "$here/cluster.sh" stop "$1"
}

rgw_status() {
    local dir=$1
    [ -f "$dir/rgw.env" ] || return 1
    bash "$here/cluster.sh" status "$dir" && answers "$(env_value "$dir/rgw.env" RGW_PORT)"
}

if [ "${1:-}" = gc ]; then
    [ $# -eq 2 ] || die "usage: rgw.sh gc <dir>"
    admin "$(realpath -m "$2")" radosgw-admin gc process --include-all >/dev/null 2>&1 \
        || die "radosgw-admin gc process failed"
    exit 0
fi
server_main start_rgw stop_rgw rgw_status "$@"
