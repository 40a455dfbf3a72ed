#!/usr/bin/env bash
# Many adds and gets at once through one store embedded in a JVM with a small heap, next to the
# machine's own limits and Python glance_store, in one run.
#
#   scripts/bench-concurrency.sh STORE [work dir] [ConcurrentTransfers options...]
#
# STORE is file, rbd, swift, vmware or cache (the file store read through glance-cache: each image
# got once as a miss that fills the cache, then, once all are cached, as a hit). For rbd, swift and vmware the script starts the project's
# throwaway server in the work dir (scripts/ceph/cluster.sh, scripts/swift/swift.sh,
# scripts/vmware/vcsim.sh; as root the first time, to install them) or reuses one running there.
# It runs io.glancestore.benchmarks.ConcurrentTransfers (glance-store-benchmarks) with -Xmx$HEAP
# over $SIZES images and $CONCURRENCY operations at once: adds, gets and verified gets, MiB/s,
# operations per second, p50/p99 latency, peak RSS, heap and pooled transfer buffers per cell,
# with the durable publish rate of 64 KiB files, one core's md5 and sha512 speed and cat measured
# in the same JVM (for file, also 64 KiB adds in rounds alternating with bare durable publishes and
# publishes that compute md5 + sha512 too). Then Python glance_store's driver over the same sizes from as many threads
# (not for vmware: glance_store's vmware driver needs a vCenter's full API; not for cache: Glance's
# image cache is part of glance-api, not of glance_store). With BASELINE_REF
# set (e.g. main), the same benchmark also runs, first, on that revision's build (made in a temp
# folder from `git archive`), in the same heap.
#
# Environment: HEAP (default 128m), SIZES (default 64k,16m,1g), CONCURRENCY (default 1,4,16,64),
# BASELINE_HEAP, BASELINE_SIZES, BASELINE_CONCURRENCY (default: the same as this build's; an
# older build may need a larger heap to run at all), BASELINE_TIMEOUT (seconds, default 3600),
# MAX_STORED (bytes stored at once by the largest cells; default 16g for file, 4g otherwise: the
# Ceph cluster keeps its data in memory), PYTHON_SIZES (default 64k,16m), BASELINE_REF.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: scripts/bench-concurrency.sh STORE [work dir] [options...]}
dir=$(realpath -m "${2:-target/bench-concurrency-$store}")
shift $(($# >= 2 ? 2 : 1))
heap=${HEAP:-128m}
sizes=${SIZES:-64k,16m,1g}
concurrency=${CONCURRENCY:-1,4,16,64}
python_sizes=${PYTHON_SIZES:-64k,16m}
mkdir -p "$dir"
options="$dir/store-options"
: >"$options"
chmod 600 "$options"

started_script=
started_folder=
# Uses the project's throwaway server (scripts/<kind>/<kind>.sh) in a folder: starts one unless
# one already runs there, then loads its env file. Only a server this run started is stopped.
use_server() {
    local script=$1 folder=$2
    if ! bash "$script" status "$folder" 2>/dev/null; then
        bash "$script" start "$folder" >/dev/null
        started_script=$script started_folder=$folder
    fi
    # shellcheck disable=SC1090
    . "$folder/$3"
}
stop_server() { [ -z "$started_script" ] || bash "$started_script" stop "$started_folder"; }
type=$store
cache_args=()
case "$store" in
    file | cache)
        max_stored=${MAX_STORED:-16g}
        echo "filesystem_store_datadir=$dir/images" >>"$options"
        if [ "$store" = cache ]; then
            type=file
            cache_args=(--cache "$dir/cache")
        fi
        ;;
    rbd)
        max_stored=${MAX_STORED:-4g}
        use_server scripts/ceph/cluster.sh "$dir/cluster" cluster.env
        printf 'rbd_store_ceph_conf=%s\nrbd_store_user=%s\nrbd_store_pool=%s\n' "$CEPH_CONF" "$CEPH_USER" \
            "$CEPH_POOL" >>"$options"
        ;;
    swift)
        max_stored=${MAX_STORED:-4g}
        segment_mb=${SEGMENT_MB:-100}
        export SWIFT_MAX_FILE_SIZE=$((segment_mb * 1024000))
        use_server scripts/swift/swift.sh "$dir/swift" swift.env
        printf '%s\n' "swift_store_auth_version=1" "swift_store_auth_address=$SWIFT_AUTH_URL" \
            "swift_store_user=$SWIFT_USER" "swift_store_key=$SWIFT_KEY" "swift_store_container=bench" \
            "swift_store_create_container_on_put=true" "swift_store_large_object_size=$segment_mb" \
            "swift_store_large_object_chunk_size=$segment_mb" >>"$options"
        ;;
    vmware)
        max_stored=${MAX_STORED:-4g}
        use_server scripts/vmware/vcsim.sh "$dir/vcsim" vcsim.env
        printf '%s\n' "vmware_server_host=$VCSIM_HOST" "vmware_server_username=$VCSIM_USER" \
            "vmware_server_password=$VCSIM_PASSWORD" "vmware_ca_file=$VCSIM_CA_FILE" \
            "vmware_datastores=$VCSIM_DATACENTER:$VCSIM_DATASTORE_0:100" >>"$options"
        ;;
    *)
        echo "unknown store $store (file, rbd, swift, vmware or cache)" >&2
        exit 64
        ;;
esac
baseline_dir=
cleanup() {
    rm -f "$options" "$dir/python-options"
    [ -z "$baseline_dir" ] || rm -rf "$baseline_dir"
    stop_server
}
trap cleanup EXIT

./mvnw -B -q -ntp -pl glance-store-benchmarks -am package -DskipTests
build="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ', with local changes')"
jar=glance-store-benchmarks/target/glance-store-benchmarks.jar
jvm=(-Xmx"$heap" --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
common=(--store "$type" --options-file "$options" --work "$dir/work" --max-stored "$max_stored" ${cache_args[@]+"${cache_args[@]}"})
args=("${common[@]}" --sizes "$sizes" --concurrency "$concurrency" "$@")

echo "$(date -u +%Y-%m-%dT%H:%MZ) $(uname -r), $(nproc) cores; load: $(uptime)"
if [ -n "${BASELINE_REF:-}" ]; then
    # The same benchmark classes against the SDK as it was at BASELINE_REF, built aside.
    baseline_dir=$(mktemp -d)
    git archive "$BASELINE_REF" | tar -x -C "$baseline_dir"
    cp glance-store-benchmarks/pom.xml "$baseline_dir/glance-store-benchmarks/pom.xml"
    (cd "$baseline_dir" && ./mvnw -B -q -ntp -pl glance-store-benchmarks -am package -DskipTests)
    echo
    baseline_heap=${BASELINE_HEAP:-$heap}
    echo "== baseline: $BASELINE_REF ($(git rev-parse --short "$BASELINE_REF")), -Xmx$baseline_heap"
    rm -rf "$dir/images" "$dir/cache"
    # An older build may run out of memory and hang: bounded.
    timeout "${BASELINE_TIMEOUT:-3600}" java "${jvm[@]}" -Xmx"$baseline_heap" \
        -cp "glance-store-benchmarks/target/classes:$baseline_dir/glance-store-benchmarks/target/glance-store-benchmarks.jar" \
        io.glancestore.benchmarks.ConcurrentTransfers "${common[@]}" --sizes "${BASELINE_SIZES:-$sizes}" \
        --concurrency "${BASELINE_CONCURRENCY:-$concurrency}" "$@" | grep -v '^cell \|^limit ' || true
fi
echo
echo "== this build ($build), -Xmx$heap"
rm -rf "$dir/images" "$dir/cache"
java "${jvm[@]}" -cp "$jar" io.glancestore.benchmarks.ConcurrentTransfers "${args[@]}" | grep -v '^cell \|^limit '
echo "load after: $(uptime)"

if [ "$store" != vmware ] && [ "$store" != cache ]; then
    echo
    echo "== Python glance_store $(/usr/bin/python3 -c 'import pbr.version; print(pbr.version.VersionInfo("glance_store").version_string())' 2>/dev/null), same sizes and threads"
    { echo "type=$store"; sed -e 's/^filesystem_store_datadir=.*/filesystem_store_datadir='"${dir//\//\\/}"'\/python-images/' \
        -e 's/^swift_store_container=.*/swift_store_container=bench-py/' "$options"; } >"$dir/python-options"
    chmod 600 "$dir/python-options"
    /usr/bin/python3 scripts/bench_glance_store_concurrent.py "$dir/python-options" "$python_sizes" "$concurrency" \
        2>/dev/null | grep -v '^pycell '
fi
