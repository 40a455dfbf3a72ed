# Shared pieces of the throwaway test-server scripts (sourced by scripts/*/...sh, not run).
#
# Every server script has the same shape: `<script> start|stop|status <dir>`, everything the
# server writes inside <dir>, processes bound to 127.0.0.1, known by pid files in <dir> and
# stopped by pid, and a start that ends by writing <dir>/<name>.env (KEY=VALUE lines that the
# Java tests read) and printing it. The helpers below are that shape, written once.
#
# Messages go to standard error prefixed with the script's name; standard output carries only the
# env file.

# shellcheck source=ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

SERVER_SCRIPT=$(basename "$0")

die() { echo "$SERVER_SCRIPT: $*" >&2; exit 1; }
log() { echo "$SERVER_SCRIPT: $*" >&2; }

# install_packages <package>...: installs the Debian packages not yet installed (needs root
# then). Several scripts may start at once on one machine (one per test module), so apt waits
# for the dpkg lock another one holds instead of failing on it.
install_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q -o DPkg::Lock::Timeout=600 >&2
    # Debian's policy-rc.d may refuse to start a packaged service at install: we start our own.
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
}

# server_ports <requested> <count> [ceph]: prints the first of <count> consecutive ports. A
# requested port (from the environment) is used if it and the ports after it are free; a busy one
# is refused, never shared (eventlet and others bind with SO_REUSEPORT, so a second server on a
# busy port would silently share it). Without a request, free ports are picked (from Ceph's part
# of the range with `ceph`: see pick_free_ports).
server_ports() {
    local requested=$1 count=$2 zone=${3:-} i
    if [ -z "$requested" ]; then
        pick_free_ports "$count" "$zone" || die "no $count free consecutive ports found"
        return 0
    fi
    [[ "$requested" =~ ^[0-9]+$ ]] || die "port '$requested' is not a number"
    for ((i = 0; i < count; i++)); do
        port_in_use $((requested + i)) \
            && die "port $((requested + i)) is busy: refusing to share it (ports $requested-$((requested + count - 1)) are needed)"
    done
    echo "$requested"
}

# owned_pids <marker> <pid file>...: the pids named in the files whose process still runs with
# <marker> (the server's folder or config) on its command line. A pid may have been reused by
# another process since the file was written: only processes that are provably ours are claimed.
owned_pids() {
    local marker=$1 f pid
    shift
    for f in "$@"; do
        [ -e "$f" ] || continue
        pid=$(cat "$f" 2>/dev/null || true)
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"; then
            echo "$pid"
        fi
    done
}

# True while the process runs. A killed process lingers as a zombie until its parent reaps it,
# and a zombie passes `kill -0`; but its cmdline is empty. /proc files report size 0, so the
# cmdline has to be read (`[ -s ]` would call every process gone).
alive() {
    [ -n "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" ]
}

# stop_pids [--term <seconds>] <pid>...: kills the processes and waits until they are gone.
# With --term they get SIGTERM first and that long to exit cleanly (a server that removes its
# own files on exit, or a daemon whose children must go with it); SIGKILL otherwise or after.
stop_pids() {
    local grace=0 pid deadline
    if [ "${1:-}" = --term ]; then
        grace=$2
        shift 2
    fi
    [ $# -gt 0 ] || return 0
    if [ "$grace" -gt 0 ]; then
        kill -TERM "$@" 2>/dev/null || true
        deadline=$((SECONDS + grace))
        for pid in "$@"; do
            while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
        done
    fi
    kill -KILL "$@" 2>/dev/null || true
    deadline=$((SECONDS + 30))
    for pid in "$@"; do
        while alive "$pid"; do
            [ "$SECONDS" -lt "$deadline" ] || die "process $pid did not exit"
            sleep 0.1
        done
    done
}

# stop_owned [--term <seconds>] <marker> <pid file>...: stops the processes of owned_pids (as
# stop_pids does, --term included), removes the pid files, and says what it stopped.
stop_owned() {
    local term=() pids
    if [ "${1:-}" = --term ]; then
        term=(--term "$2")
        shift 2
    fi
    pids=$(owned_pids "$@")
    shift
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        stop_pids "${term[@]}" $pids
        log "stopped ${pids//$'\n'/ } ($(dirname "$1"))"
    fi
    rm -f "$@"
}

# start_detached <pid file> <log file> <command>...: runs the command in a session of its own
# (so a test JVM's process group signals do not reach it), output appended to the log, and
# records its pid.
start_detached() {
    local pidfile=$1 logfile=$2
    shift 2
    setsid "$@" </dev/null >>"$logfile" 2>&1 &
    echo $! >"$pidfile"
}

# stop_on_failure <command> <argument>...: from here on, a start that fails (a failed command
# under set -e, or die) runs the command before the script exits, so a failed start leaves no
# process behind. The arguments are taken now (a failed command has already left the function
# whose locals they were). stop_on_failure without arguments (on success) disarms it.
stop_on_failure() {
    _server_on_failure=("$@")
    trap '_server_status=$?
        if [ "$_server_status" -ne 0 ] && [ "${#_server_on_failure[@]}" -gt 0 ]; then
            _server_cleanup=("${_server_on_failure[@]}"); _server_on_failure=()
            "${_server_cleanup[@]}" || true
        fi
        exit "$_server_status"' EXIT
}

# wait_until <deadline> <what> <command>...: runs the command until it succeeds; dies with
# "<what> did not happen in time" once $SECONDS passes <deadline> (compute it as
# $((SECONDS + timeout)); several waits can share one deadline).
wait_until() {
    local deadline=$1 what=$2
    shift 2
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || die "$what did not happen in time"
        sleep 0.2
    done
}

# http_code <curl arguments>...: prints the HTTP status of a request (000 when nothing answered).
http_code() {
    curl -s -o /dev/null -w '%{http_code}' "$@" || true
}

# write_env <file>: writes standard input to the env file, readable by its owner only (it may
# hold keys), and prints it. The file appears whole, so a reader never sees half of it.
write_env() {
    local file=$1
    (umask 077 && cat >"$file.tmp")
    mv "$file.tmp" "$file"
    cat "$file"
}

# env_value <env file> <key>: a value of an env file ('' if the key is missing).
env_value() {
    sed -n "s/^$2=//p" "$1" | head -n 1
}

# server_main <start fn> <stop fn> <status fn> <command> <dir>: the command line
# every server script takes. start gets the folder as given (it creates it); stop and status get
# it resolved, and a missing folder means nothing runs there.
server_main() {
    local start=$1 stop=$2 status=$3
    shift 3
    [ $# -eq 2 ] || die "usage: $SERVER_SCRIPT start|stop|status <dir>"
    case "$1" in
        start) "$start" "$2" ;;
        stop) [ -d "$2" ] && "$stop" "$(cd "$2" && pwd -P)"; true ;;
        status) [ -d "$2" ] && "$status" "$(cd "$2" && pwd -P)" ;;
        *) die "usage: $SERVER_SCRIPT start|stop|status <dir>" ;;
    esac
}

# start_in <dir> <stop command> <command>...: how every start begins: installs $PACKAGES, dies
# unless each command named is then on the PATH, resolves the folder into $dir (created; declare
# dir local in the caller) and runs the stop command on it, so nothing of an earlier start runs.
start_in() {
    local folder=$1 stop=$2 command
    shift 2
    install_packages "${PACKAGES[@]}"
    for command in "$@"; do
        command -v "$command" >/dev/null || die "$command not found after install"
    done
    dir=$(server_dir "$folder")
    "$stop" "$dir"
}

# server_dir <dir>: creates the folder and prints its resolved path (every path written into a
# config is absolute, and the pid checks match on it).
server_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd -P)
}
