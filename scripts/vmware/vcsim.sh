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
# shellcheck source=../lib/ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/ports.sh"
# shellcheck source=../lib/packages.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/packages.sh"

PACKAGES=(golang-go golang-github-vmware-govmomi-dev openssl curl)
GOPATH_DEBIAN=/usr/share/gocode
LAUNCHER_SRC=$(cd "$(dirname "$0")/vcsim" && pwd -P)
VCSIM_USER=glance

die() { echo "vcsim.sh: $*" >&2; exit 1; }
log() { echo "vcsim.sh: $*" >&2; }

install_packages() {
    install_missing_packages vcsim.sh "${PACKAGES[@]}" || exit 1
}

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

pick_port() {
    pick_free_ports 1 || die "no free port found"
}

# The simulator's pid, if the pid file names a process still running our launcher for <dir>.
sim_pid() {
    local dir=$1 pid
    pid=$(cat "$dir/vcsim.pid" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    # The pid may have been reused since: only claim a process started as our binary.
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/bin/vcsim"; then
        echo "$pid"
    fi
}

# True while the process runs (a zombie's cmdline is empty; /proc files report size 0, so read it).
alive() {
    [ -n "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" ]
}

stop_sim() {
    local dir=$1 pid deadline
    pid=$(sim_pid "$dir")
    [ -n "$pid" ] || { rm -f "$dir/vcsim.pid"; return 0; }
    # SIGTERM lets the simulator remove its datastore folders.
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while alive "$pid"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
            break
        fi
        sleep 0.1
    done
    rm -f "$dir/vcsim.pid"
    log "stopped $pid in $dir"
}

start_sim() {
    local dir=$1 attempt
    install_packages
    command -v go >/dev/null || die "go not found after install"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    stop_sim "$dir"
    build_launcher "$dir"
    # A simulator that dies during start-up (seen once in a while, with nothing in its log) is
    # launched again on a fresh port rather than failing the run.
    for attempt in 1 2 3; do
        launch_sim "$dir" && return 0
        [ "$attempt" -lt 3 ] && log "the simulator exited during start-up; launching it again"
    done
    die "the simulator exited during start-up three times"
}

# One launch: 0 once the simulator answers, 1 if it exited during start-up; dies on other errors.
launch_sim() {
    local dir=$1 port password pid deadline status
    if [ -n "${VCSIM_PORT:-}" ]; then
        port=$VCSIM_PORT
        port_in_use "$port" && die "port $port is busy: refusing to share it"
    else
        port=$(pick_port)
    fi
    rm -rf "${dir:?}"/{datastores,vcsim.env,vcsim.out,vcsim.log,cert.pem,key.pem}
    mkdir -p "$dir/datastores"

    # RSA 2048: the library's built-in test certificate has a 1024-bit key that curl refuses.
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 30 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || die "openssl failed"
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')

    TMPDIR="$dir/datastores" VCSIM_LAUNCH_PASSWORD="$password" setsid "$dir/bin/vcsim" -listen "127.0.0.1:$port" \
        -datastores "${VCSIM_DATASTORES:-2}" -user "$VCSIM_USER" \
        -cert-file "$dir/cert.pem" -key-file "$dir/key.pem" \
        >"$dir/vcsim.out" 2>"$dir/vcsim.log" </dev/null &
    pid=$!
    echo "$pid" >"$dir/vcsim.pid"
    trap 'stop_sim "$dir"' ERR

    deadline=$((SECONDS + ${VCSIM_START_TIMEOUT:-30}))
    until grep -q '^VCSIM_DATACENTER=' "$dir/vcsim.out" 2>/dev/null; do
        if ! alive "$pid"; then
            status=0
            wait "$pid" 2>/dev/null || status=$?
            log "simulator $pid on port $port exited with status $status during start-up"
            cat "$dir/vcsim.log" >&2
            rm -f "$dir/vcsim.pid"
            trap - ERR
            return 1
        fi
        [ "$SECONDS" -lt "$deadline" ] || { stop_sim "$dir"; die "the simulator did not start in time"; }
        sleep 0.1
    done
    curl -sf --cacert "$dir/cert.pem" -o /dev/null "https://127.0.0.1:$port/about" \
        || { stop_sim "$dir"; die "the simulator does not answer on 127.0.0.1:$port"; }

    {
        echo "VCSIM_DIR=$dir"
        cat "$dir/vcsim.out"
        echo "VCSIM_USER=$VCSIM_USER"
        echo "VCSIM_PASSWORD=$password"
        echo "VCSIM_CA_FILE=$dir/cert.pem"
        echo "VCSIM_PID=$pid"
    } >"$dir/vcsim.env"
    chmod 600 "$dir/vcsim.env"
    trap - ERR
    cat "$dir/vcsim.env"
}

sim_status() {
    local dir=$1 host
    [ -f "$dir/vcsim.env" ] || return 1
    [ -n "$(sim_pid "$dir")" ] || return 1
    host=$(grep '^VCSIM_HOST=' "$dir/vcsim.env" | cut -d= -f2)
    curl -sf --cacert "$dir/cert.pem" -o /dev/null "https://$host/about"
}

[ $# -eq 2 ] || die "usage: vcsim.sh start|stop|status <dir>"
command=$1
dir=$2
case "$command" in
    start) start_sim "$dir" ;;
    stop) [ -d "$dir" ] && stop_sim "$(cd "$dir" && pwd -P)"; true ;;
    status) [ -d "$dir" ] && sim_status "$(cd "$dir" && pwd -P)" ;;
    *) die "usage: vcsim.sh start|stop|status <dir>" ;;
esac
