# Debian packages for the throwaway test servers (sourced by scripts/*/...sh).

# Installs those of the given packages that are missing; needs root then. Reports on stderr as
# <who>. Waits up to 10 minutes for another apt to finish (test JVMs may start servers side by
# side). Debian's policy-rc.d may refuse to start a service at install: the scripts start their
# own processes anyway.
#   install_missing_packages <who> <package>...
install_missing_packages() {
    local who=$1 missing=() p
    shift
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "$who: need root to install: ${missing[*]}" >&2
        return 1
    fi
    echo "$who: installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
}
