#!/usr/bin/env bash
# A throwaway vCenter simulator (govmomi's vcsim library, through the launcher in vcsim/) bound
# to 127.0.0.1, with its certificate, datastore folders, pid file and log inside one folder.
#
#   vcsim.sh start <dir>   installs Debian's golang-go and golang-github-vmware-govmomi-dev if
#                          missing (needs root then), builds the launcher into <dir>/bin once,
#                          starts the simulator (datacenter DC0, datastores LocalDS_0 and
#                          LocalDS_1), writes <dir>/vcsim.env and prints it
#   vcsim.sh stop <dir>    stops the simulator of <dir> by its pid and waits until it is gone
#   vcsim.sh status <dir>  exit 0 if the simulator of <dir> runs and answers
#
# Environment: VCSIM_PORT (default: a free port; refused if busy), VCSIM_DATASTORES (default 2),
# VCSIM_START_TIMEOUT (seconds, default 30). A start in a folder whose simulator still runs stops
# that one first. The datastore folders are under <dir>/datastores; the simulator removes them
# when it stops.
set -euo pipefail
# shellcheck source=../lib/server.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"

PACKAGES=(golang-go golang-github-vmware-govmomi-dev openssl curl)
GOPATH_DEBIAN=/usr/share/gocode
LAUNCHER_SRC=$(cd "$(dirname "$0")/vcsim" && pwd -P)
VCSIM_USER=glance

# Builds the launcher unless the binary is newer than its source.
build_launcher() {
    local dir=$1 bin=$1/bin/vcsim
    if [ -x "$bin" ] && [ "$bin" -nt "$LAUNCHER_SRC/main.go" ]; then
        return 0
    fi
    mkdir -p "$dir/bin" "$dir/gocache"
    log "building the vcsim launcher (about a minute the first time)"
    (cd "$LAUNCHER_SRC" && GO111MODULE=off GOPATH=$GOPATH_DEBIAN GOCACHE="$dir/gocache" GOFLAGS= \
        go build -o "$bin.tmp" .) >&2
    mv "$bin.tmp" "$bin"
}

stop_sim() {
    # SIGTERM lets the simulator remove its datastore folders.
    stop_owned --term 10 "$1/bin/vcsim" "$1/vcsim.pid"
}

start_sim() {
    local dir attempt
    start_in "$1" stop_sim go
    build_launcher "$dir"
    # A simulator that dies during start-up (seen once in a while, with nothing in its log) is
    # launched again on a fresh port rather than failing the run.
    for attempt in 1 2 3; do
        launch_sim "$dir" && return 0
        [ "$attempt" -lt 3 ] && log "the simulator exited during start-up; launching it again"
    done
    die "the simulator exited during start-up three times"
}

# True once the simulator printed its inventory, or once it is gone.
started_or_gone() {
    grep -q '^VCSIM_DATACENTER=' "$1/vcsim.out" 2>/dev/null || ! alive "$2"
}

# One launch: 0 once the simulator answers, 1 if it exited during start-up; dies on other errors.
launch_sim() {
    local dir=$1 port password pid status
    port=$(server_ports "${VCSIM_PORT:-}" 1)
    rm -rf "${dir:?}"/{datastores,vcsim.env,vcsim.out,vcsim.log,cert.pem,key.pem}
    mkdir -p "$dir/datastores"

    # RSA 2048: the library's built-in test certificate has a 1024-bit key that curl refuses.
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 30 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || die "openssl failed"
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')

    # Not start_detached: the simulator prints its inventory (the env file's lines) on stdout.
    TMPDIR="$dir/datastores" VCSIM_LAUNCH_PASSWORD="$password" setsid "$dir/bin/vcsim" -listen "127.0.0.1:$port" \
        -datastores "${VCSIM_DATASTORES:-2}" -user "$VCSIM_USER" \
        -cert-file "$dir/cert.pem" -key-file "$dir/key.pem" \
        >"$dir/vcsim.out" 2>"$dir/vcsim.log" </dev/null &
    pid=$!
    echo "$pid" >"$dir/vcsim.pid"
    stop_on_failure stop_sim "$dir"

    wait_until $((SECONDS + ${VCSIM_START_TIMEOUT:-30})) "the simulator's start" started_or_gone "$dir" "$pid"
    if ! alive "$pid"; then
        status=0
        wait "$pid" 2>/dev/null || status=$?
        log "simulator $pid on port $port exited with status $status during start-up"
        cat "$dir/vcsim.log" >&2
        rm -f "$dir/vcsim.pid"
        stop_on_failure
        return 1
    fi
    curl -sf --cacert "$dir/cert.pem" -o /dev/null "https://127.0.0.1:$port/about" \
        || die "the simulator does not answer on 127.0.0.1:$port"

    write_env "$dir/vcsim.env" <<EOF
VCSIM_DIR=$dir
$(cat "$dir/vcsim.out")
VCSIM_USER=$VCSIM_USER
VCSIM_PASSWORD=$password
VCSIM_CA_FILE=$dir/cert.pem
VCSIM_PID=$pid
EOF
    stop_on_failure
}

sim_status() {
    local dir=$1 host
    [ -f "$dir/vcsim.env" ] || return 1
    [ -n "$(owned_pids "$dir/bin/vcsim" "$dir/vcsim.pid")" ] || return 1
    host=$(env_value "$dir/vcsim.env" VCSIM_HOST)
    curl -sf --cacert "$dir/cert.pem" -o /dev/null "https://$host/about"
}

server_main start_sim stop_sim sim_status "$@"
