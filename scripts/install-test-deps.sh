#!/usr/bin/env bash
# Installs, from Debian's packages, what the integration tests need on this machine: the
# Python glance_store peer for interoperability tests (with its rbd bindings), the tools the
# file store's filesystem-error tests use, and Ceph for the throwaway cluster of the rbd
# store's tests, Swift, memcached and Keystone for the swift store's throwaway servers, Go with
# govmomi's vSphere simulator library for the vmware store's tests, Ceph's RADOS Gateway (S3) with
# boto3 for the s3 store's tests, Glance's API server for the tests against a real Glance, and
# Debian's Maven, the plain Maven that scripts/check-consumers.sh resolves consumer projects with.
# Idempotent; needs root.
set -euo pipefail

packages=(python3-glance-store util-linux mount coreutils
    ceph-mon ceph-osd ceph-mgr ceph-common uuid-runtime python3-rbd python3-rados
    swift swift-proxy swift-account swift-container swift-object python3-swift memcached
    python3-swiftclient python3-keystone maven
    golang-go golang-github-vmware-govmomi-dev openssl curl
    radosgw python3-boto3 glance-api)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-test-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
    echo "install-test-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q -o DPkg::Lock::Timeout=600
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi

# The interoperability tests run Debian's Python, never another python3 found on PATH.
/usr/bin/python3 -c 'import glance_store, rbd, rados, swift, swiftclient, keystone, keystonemiddleware, boto3, glance' \
    || { echo "install-test-deps: /usr/bin/python3 cannot import glance_store, rbd, rados, swift, swiftclient, keystone, boto3 and glance" >&2; exit 1; }
echo "install-test-deps: ready"
