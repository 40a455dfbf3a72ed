# Shared by scripts/check-*.sh (sourced, from the project's root folder).

# Sets $work to a new throwaway folder under $TMPDIR, removed when the script exits, or kept
# (and its path printed) when the second argument is --keep; log then prefixes its messages with
# check-<script name>.
#   throwaway_work_dir <script name> [--keep]
throwaway_work_dir() {
    local name=$1 keep=${2:-}
    check_name=check-$name
    work=$(mktemp -d "${TMPDIR:-/tmp}/glance-store-$name.XXXXXX")
    if [ "$keep" = --keep ]; then
        # shellcheck disable=SC2064 # the folder is known now
        trap "echo 'check-$name: kept $work'" EXIT
    else
        # shellcheck disable=SC2064
        trap "rm -rf '$work'" EXIT
    fi
}

# log <message>...: a progress line on standard output, prefixed with the check's name.
log() { echo "${check_name:-check}: $*"; }

# The local repository this checkout's Maven uses (its .mvn/maven.config may name one).
build_local_repository() {
    ./mvnw -B -q -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout
}
