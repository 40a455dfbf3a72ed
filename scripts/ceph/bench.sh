#!/usr/bin/env bash
# rbd store throughput against the cluster's own limit and against Python glance_store, in one
# run on one throwaway cluster.
#
#   scripts/ceph/bench.sh [cluster dir] [size MiB] [repetitions]
#
# Starts the cluster of scripts/ceph/cluster.sh in the folder (or reuses the one running there),
# writes a file of random bytes, then per repetition, in turn: the rbd store's add and get of
# the file in a JVM with -Xmx64m, `rbd import` and `rbd export` of the same file (the cluster's
# own limit; export of the image's snapshot to /dev/null; and an import that also runs md5sum
# and sha512sum over the stream, the work an add has to do), and Python glance_store's rbd driver
# add and get. Prints medians, ranges and ratios in MiB/s, and the JVM's peak heap and RSS.
# Needs the modules the ceph module depends on installed in the local Maven repository
# (./mvnw -pl bom,glance-store-api,glance-store-tck install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(realpath -m "${1:-glance-store-ceph/target/bench-cluster}")
size_mib=${2:-1024}
reps=${3:-3}

started=
if ! bash scripts/ceph/cluster.sh status "$dir" 2>/dev/null; then
    bash scripts/ceph/cluster.sh start "$dir" >/dev/null
    started=1
fi
cleanup() { [ -z "$started" ] || bash scripts/ceph/cluster.sh stop "$dir"; }
trap cleanup EXIT
# shellcheck disable=SC1091
. "$dir/cluster.env"
export CEPH_CONF

./mvnw -B -q -ntp -f glance-store-ceph/pom.xml test-compile
./mvnw -B -q -ntp -f glance-store-ceph/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$dir/classpath.txt" >/dev/null
cp="glance-store-ceph/target/test-classes:glance-store-ceph/target/classes:$(cat "$dir/classpath.txt")"

data="$dir/bench-${size_mib}m.img"
if [ "$(stat -c %s "$data" 2>/dev/null || echo 0)" -ne $((size_mib * 1048576)) ]; then
    head -c $((size_mib * 1048576)) /dev/urandom >"$data"
fi
cat "$data" >/dev/null

results="$dir/bench-results.txt"
: >"$results"
mibps() { awk -v m="$size_mib" -v s="$1" 'BEGIN { printf "%.0f", m / s }'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    java -Xmx64m -cp "$cp" io.glancestore.ceph.bench.RbdBenchmark "$dir/cluster.env" "$data" 1 >>"$results"
    image="$CEPH_POOL/bench-import-$rep"
    echo "rbd-import $(mibps "$(timed rbd import --no-progress --object-size 8M "$data" "$image")")" >>"$results"
    rbd snap create --no-progress "$image@snap" >/dev/null
    echo "rbd-export $(mibps "$(timed rbd export --no-progress "$image@snap" -)")" >>"$results"
    rbd snap rm --no-progress "$image@snap" >/dev/null
    rbd rm --no-progress "$image" >/dev/null
    # The same import doing the work an add must do: md5 and sha512 of the stream on the way.
    echo "rbd-import-hashed $(mibps "$(timed bash -c 'tee >(md5sum >/dev/null) >(sha512sum >/dev/null) <"$1" | rbd import --no-progress --object-size 8M - "$2"' _ "$data" "$image")")" >>"$results"
    rbd rm --no-progress "$image" >/dev/null
    /usr/bin/python3 scripts/ceph/bench_glance_store.py "$CEPH_CONF" "$CEPH_POOL" "$data" 1 2>/dev/null >>"$results"
done

stat_of() {
    # median min max of a key's values
    grep "^$1 " "$results" | awk '{print $2}' | sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f %.0f %.0f\n", m, v[1], v[NR] }'
}
median() { stat_of "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "rbd store, ${size_mib} MiB, $reps repetitions, MiB/s: median (min-max)"
for key in java-add rbd-import rbd-import-hashed python-add jdk-md5 jdk-sha-512 java-get java-get-verified rbd-export python-get; do
    read -r m lo hi <<<"$(stat_of "$key")"
    printf '  %-18s %6s  (%s-%s)\n' "$key" "$m" "$lo" "$hi"
done
add=$(median java-add)
get=$(median java-get)
bound=$(printf '%s\n' "$(median rbd-import)" "$(median jdk-md5)" "$(median jdk-sha-512)" | sort -n | head -1)
echo
echo "ratios of medians:"
echo "  add / rbd import          $(ratio "$add" "$(median rbd-import)")"
echo "  add / min(import, md5, sha512) = $bound   $(ratio "$add" "$bound")"
echo "  add / rbd import hashed   $(ratio "$add" "$(median rbd-import-hashed)")"
echo "  add / python add          $(ratio "$add" "$(median python-add)")"
echo "  get / rbd export          $(ratio "$get" "$(median rbd-export)")"
echo "  get / python get          $(ratio "$get" "$(median python-get)")"
echo
echo "JVM -Xmx64m: peak heap $(grep '^heap-peak-mib ' "$results" | awk '{print $2}' | sort -n | tail -1) MiB," \
    "peak RSS $(grep '^rss-peak-mib ' "$results" | awk '{print $2}' | sort -n | tail -1) MiB"
