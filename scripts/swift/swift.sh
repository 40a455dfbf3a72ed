#!/usr/bin/env bash
# A throwaway OpenStack Swift (proxy, account, container and object servers, tempauth, memcached)
# bound to 127.0.0.1, with everything - config, rings, devices, pid files, logs - inside one folder.
#
#   swift.sh start <dir>   installs Debian's swift packages and memcached if missing (needs root
#                          then), starts the servers, checks a real PUT/GET/DELETE, writes
#                          <dir>/swift.env and prints it
#   swift.sh stop <dir>    kills the servers by their pid files and waits until they are gone
#   swift.sh status <dir>  exit 0 if the Swift of <dir> runs and answers
#
# Environment: SWIFT_PROXY_PORT (default: a free port; refused if busy; the next four ports are
# taken too), SWIFT_MAX_FILE_SIZE (largest single object in bytes, default 5 MiB so that
# segmentation is cheap to exercise; a bigger one, say 1 GiB, for benchmarks), SWIFT_START_TIMEOUT
# (seconds, default 60), SWIFT_KEYSTONE=1 (also starts a throwaway Keystone v3 in <dir>/keystone with
# scripts/swift/keystone.sh, lists this Swift in its catalog as object-store and lets the proxy
# accept its tokens for accounts KEY_<project id>; swift.env then also holds keystone.env's lines
# and SWIFT_KEYSTONE_STORAGE_URL, the storage URL of the KEYSTONE_PROJECT). A start in a folder
# whose Swift still runs stops that Swift first.
#
# Swift's servers read /etc/swift/swift.conf from a fixed path; each server here is started from a
# small Python launcher that points Swift at <dir>/etc first, so nothing outside <dir> is used.
set -euo pipefail
# shellcheck source=../lib/server.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"

PACKAGES=(swift swift-proxy swift-account swift-container swift-object python3-swift memcached
    python3-swiftclient python3-glance-store curl)
PYTHON=/usr/bin/python3
USER_NAME="test:tester"
USER_KEY=testing
# Keystone's accounts get their own reseller prefix, so that tempauth keeps AUTH_ beside them.
KEYSTONE_PREFIX=KEY_
KEYSTONE_SCRIPT="$(dirname "${BASH_SOURCE[0]}")/keystone.sh"

# The servers of the pid files in <dir>/run whose command line still names <dir>, and the
# Keystone started beside them.
stop_swift() {
    [ ! -d "$1/keystone" ] || bash "$KEYSTONE_SCRIPT" stop "$1/keystone"
    stop_owned "$1/" "$1"/run/*.pid
}

write_config() {
    local dir=$1 port=$2 max=$3 keystone=""
    local proxy=$port account=$((port + 1)) container=$((port + 2)) object=$((port + 3)) memcache=$((port + 4))
    mkdir -p "$dir/etc" "$dir/devices/d1" "$dir/run" "$dir/log"
    if [ -n "${KEYSTONE_URL:-}" ]; then
        # Tokens that Keystone does not know go on to tempauth (delay_auth_decision).
        keystone="[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
user_domain_id = default
project_domain_id = default
project_name = $KEYSTONE_SERVICE_PROJECT
username = $KEYSTONE_SERVICE_USER
password = $KEYSTONE_SERVICE_PASSWORD
delay_auth_decision = True
cache = swift.cache
include_service_catalog = False

[filter:keystoneauth]
use = egg:swift#keystoneauth
reseller_prefix = $KEYSTONE_PREFIX
operator_roles = admin, member
"
    fi
    cat >"$dir/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = $(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
swift_hash_path_prefix = $(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

[storage-policy:0]
name = gold
default = yes

[swift-constraints]
max_file_size = $max
EOF
    local common="[DEFAULT]
bind_ip = 127.0.0.1
workers = 0
swift_dir = $dir/etc
devices = $dir/devices
mount_check = false
log_name = swift
log_facility = LOG_LOCAL0
log_level = WARNING
disable_fallocate = true"
    local kind
    for kind in account container object; do
        cat >"$dir/etc/$kind-server.conf" <<EOF
$common
bind_port = ${!kind}

[pipeline:main]
pipeline = $kind-server

[app:$kind-server]
use = egg:swift#$kind
EOF
    done
    cat >"$dir/etc/proxy-server.conf" <<EOF
$common
bind_port = $proxy

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats ${keystone:+authtoken keystoneauth }tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = $USER_KEY .admin
user_test2_tester2 = testing2
token_life = 86400

$keystone
[filter:healthcheck]
use = egg:swift#healthcheck

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcache

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo
rate_limit_segments_per_sec = 0

[filter:dlo]
use = egg:swift#dlo
rate_limit_segments_per_sec = 0

[filter:versioned_writes]
use = egg:swift#versioned_writes
EOF
    cat >"$dir/etc/launch.py" <<'EOF'
# Runs one Swift WSGI server with swift.conf read from the folder of its config file.
import os
import sys

from swift.common import constraints, storage_policy, utils
from swift.common.wsgi import run_wsgi

conf, section = sys.argv[1], sys.argv[2]
utils.set_swift_dir(os.path.dirname(conf))
constraints.reload_constraints()
storage_policy.reload_storage_policies()
sys.exit(run_wsgi(conf, section, verbose=True))
EOF
}

build_rings() {
    local dir=$1 port=$2 kind i=1
    for kind in account container object; do
        swift-ring-builder "$dir/etc/$kind.builder" create 6 1 1 >/dev/null
        swift-ring-builder "$dir/etc/$kind.builder" add "r1z1-127.0.0.1:$((port + i))/d1" 100 >/dev/null
        # Exit 1 is "rebalanced with a warning" (one device); only 2 is an error.
        swift-ring-builder "$dir/etc/$kind.builder" rebalance >/dev/null || [ $? -eq 1 ]
        i=$((i + 1))
    done
}

start_server() {
    local dir=$1 name=$2
    start_detached "$dir/run/$name.pid" "$dir/log/$name.log" \
        "$PYTHON" "$dir/etc/launch.py" "$dir/etc/$name.conf" "$name"
}

# On a failed start, the servers' last log lines tell why.
fail_swift() {
    tail -n 30 "$1"/log/*.log >&2 || true
    stop_swift "$1"
}

# True once tempauth hands out a token; sets $token and $url.
authenticated() {
    local headers
    headers=$(curl -s -f -D - -o /dev/null -H "X-Auth-User: $USER_NAME" -H "X-Auth-Key: $USER_KEY" \
        "http://127.0.0.1:$1/auth/v1.0" 2>/dev/null) || return 1
    headers=$(printf '%s' "$headers" | tr -d '\r')
    token=$(printf '%s' "$headers" | awk -F': ' 'tolower($1) == "x-auth-token" { print $2 }')
    url=$(printf '%s' "$headers" | awk -F': ' 'tolower($1) == "x-storage-url" { print $2 }')
}

# True if the request answers 2xx.
succeeds() {
    [[ "$(http_code "$@")" == 2?? ]]
}

start_swift() {
    local dir port max token url deadline
    start_in "$1" stop_swift memcached
    "$PYTHON" -c 'import swift' 2>/dev/null || die "$PYTHON has no swift module after install"
    rm -rf "${dir:?}"/{etc,devices,run,log,swift.env}
    stop_on_failure fail_swift "$dir"

    # Proxy, account, container and object servers, memcached.
    port=$(server_ports "${SWIFT_PROXY_PORT:-}" 5)
    max=${SWIFT_MAX_FILE_SIZE:-5242880}
    if [ "${SWIFT_KEYSTONE:-0}" = 1 ]; then
        KEYSTONE_OBJECT_STORE_URL="http://127.0.0.1:$port/v1/${KEYSTONE_PREFIX}\$(project_id)s" \
            bash "$KEYSTONE_SCRIPT" start "$dir/keystone" >/dev/null
        set -a
        # shellcheck source=/dev/null
        . "$dir/keystone/keystone.env"
        set +a
    fi
    write_config "$dir" "$port" "$max"
    build_rings "$dir" "$port"

    # -P names the folder on memcached's command line, which the stop checks before killing.
    start_detached "$dir/run/memcached.pid" "$dir/log/memcached.log" \
        memcached -l 127.0.0.1 -p $((port + 4)) -U 0 -m 64 -u root -P "$dir/run/memcached.pidfile"
    for name in account-server container-server object-server proxy-server; do
        start_server "$dir" "$name"
    done

    deadline=$((SECONDS + ${SWIFT_START_TIMEOUT:-60}))
    wait_until "$deadline" "a token from tempauth" authenticated "$port"
    # A real write, read and delete, so the account, container and object servers are proven.
    # The proxy may answer before the other servers do (503 meanwhile): retry until the deadline.
    wait_until "$deadline" "a container PUT" succeeds -X PUT -H "X-Auth-Token: $token" "$url/probe"
    wait_until "$deadline" "an object PUT" succeeds -X PUT -H "X-Auth-Token: $token" --data-binary probe \
        "$url/probe/probe"
    [ "$(curl -s -f -H "X-Auth-Token: $token" "$url/probe/probe")" = probe ] || die "object GET failed"
    curl -s -f -o /dev/null -X DELETE -H "X-Auth-Token: $token" "$url/probe/probe"
    curl -s -f -o /dev/null -X DELETE -H "X-Auth-Token: $token" "$url/probe"
    [ -z "${KEYSTONE_URL:-}" ] || probe_keystone "$dir" "$port"

    { if [ -n "${KEYSTONE_URL:-}" ]; then
          cat "$dir/keystone/keystone.env"
          echo "SWIFT_KEYSTONE_STORAGE_URL=http://127.0.0.1:$port/v1/$KEYSTONE_PREFIX$KEYSTONE_PROJECT_ID"
      fi
      cat <<EOF
SWIFT_DIR=$dir
SWIFT_AUTH_URL=http://127.0.0.1:$port/auth/v1.0
SWIFT_AUTH_ADDRESS=127.0.0.1:$port/auth/v1.0
SWIFT_STORAGE_URL=$url
SWIFT_USER=$USER_NAME
SWIFT_KEY=$USER_KEY
SWIFT_MAX_FILE_SIZE=$max
EOF
    } | write_env "$dir/swift.env"
    stop_on_failure
}

# A container and an object written, read and deleted with a Keystone token of the test project.
probe_keystone() {
    local dir=$1 port=$2 token url
    token=$(printf '%s' "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {
        \"name\": \"$KEYSTONE_USER\", \"domain\": {\"id\": \"default\"}, \"password\": \"$KEYSTONE_PASSWORD\"}}},
        \"scope\": {\"project\": {\"name\": \"$KEYSTONE_PROJECT\", \"domain\": {\"id\": \"default\"}}}}}" \
        | curl -s -f -D - -o /dev/null -H "Content-Type: application/json" --data-binary @- "$KEYSTONE_URL/auth/tokens" \
        | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }') || true
    [ -n "$token" ] || die "Keystone gave no token to $KEYSTONE_USER"
    url=http://127.0.0.1:$port/v1/$KEYSTONE_PREFIX$KEYSTONE_PROJECT_ID
    succeeds -X PUT -H "X-Auth-Token: $token" "$url/probe" \
        && succeeds -X PUT -H "X-Auth-Token: $token" --data-binary probe "$url/probe/probe" \
        && [ "$(curl -s -f -H "X-Auth-Token: $token" "$url/probe/probe")" = probe ] \
        && succeeds -X DELETE -H "X-Auth-Token: $token" "$url/probe/probe" \
        && succeeds -X DELETE -H "X-Auth-Token: $token" "$url/probe" \
        || die "Swift refused a Keystone token"
}

swift_status() {
    local dir=$1 port
    [ -f "$dir/swift.env" ] || return 1
    [ "$(owned_pids "$dir/" "$dir"/run/*.pid | wc -l)" -ge 4 ] || return 1
    port=$(sed -n 's#^SWIFT_AUTH_URL=http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$dir/swift.env")
    curl -s -f -o /dev/null "http://127.0.0.1:$port/healthcheck"
}

server_main start_swift stop_swift swift_status "$@"
