#!/usr/bin/env bash
# swift store throughput against the swift command-line client and Python glance_store, in one
# run on one throwaway Swift.
#
#   scripts/swift/bench.sh [server dir] [size MiB] [repetitions]
#
# Starts the Swift of scripts/swift/swift.sh in the folder (or reuses the one running there)
# with a max_file_size large enough for the segments, writes a file of random bytes, then per
# repetition, in turn: the swift store's add and get of the file in a JVM with -Xmx64m, segmented
# at SEGMENT_MB Glance MB (default 100 = 102,400,000 bytes); `swift upload --segment-size` of the
# same file with the same segment size and `swift download` of it to /dev/null (python3-swiftclient,
# which hashes nothing on upload); and Python glance_store's swift driver add and get with the same
# segmentation. Prints medians, ranges and ratios in MiB/s, and the JVM's peak heap and RSS.
# Needs the modules the swift module depends on installed in the local Maven repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(realpath -m "${1:-glance-store-swift/target/bench-swift}")
size_mib=${2:-1024}
reps=${3:-3}
segment_mb=${SEGMENT_MB:-100}
segment_bytes=$((segment_mb * 1024000))

started=
if ! bash scripts/swift/swift.sh status "$dir" 2>/dev/null; then
    SWIFT_MAX_FILE_SIZE=$((segment_bytes > 5242880 ? segment_bytes : 5242880)) \
        bash scripts/swift/swift.sh start "$dir" >/dev/null
    started=1
fi
cleanup() { [ -z "$started" ] || bash scripts/swift/swift.sh stop "$dir"; }
trap cleanup EXIT
# shellcheck disable=SC1091
. "$dir/swift.env"

./mvnw -B -q -ntp -f glance-store-swift/pom.xml test-compile
./mvnw -B -q -ntp -f glance-store-swift/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$dir/classpath.txt" >/dev/null
cp="glance-store-swift/target/test-classes:glance-store-swift/target/classes:$(cat "$dir/classpath.txt")"

data="$dir/bench-${size_mib}m.img"
if [ "$(stat -c %s "$data" 2>/dev/null || echo 0)" -ne $((size_mib * 1048576)) ]; then
    head -c $((size_mib * 1048576)) /dev/urandom >"$data"
fi
cat "$data" >/dev/null

results="$dir/bench-results.txt"
: >"$results"
mibps() { awk -v m="$size_mib" -v s="$1" 'BEGIN { printf "%.0f", m / s }'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
swift_cli() { swift -A "$SWIFT_AUTH_URL" -U "$SWIFT_USER" -K "$SWIFT_KEY" -q "$@"; }

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    java -Xmx64m -cp "$cp" io.glancestore.swift.bench.SwiftBenchmark "$dir/swift.env" "$data" 1 "$segment_mb" \
        >>"$results"
    object="bench-cli-$rep"
    echo "swift-upload $(mibps "$(timed swift_cli upload --segment-size "$segment_bytes" --object-name "$object" bench-cli "$data")")" >>"$results"
    echo "swift-download $(mibps "$(timed swift_cli download -o /dev/null bench-cli "$object")")" >>"$results"
    swift_cli delete bench-cli "$object" >/dev/null
    /usr/bin/python3 scripts/swift/bench_glance_store.py "$SWIFT_AUTH_URL" "$SWIFT_USER" "$SWIFT_KEY" "$data" 1 \
        "$segment_mb" 2>/dev/null >>"$results"
done

stat_of() {
    grep "^$1 " "$results" | awk '{print $2}' | sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f %.0f %.0f\n", m, v[1], v[NR] }'
}
median() { stat_of "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "swift store, ${size_mib} MiB, segments of $segment_bytes bytes, $reps repetitions, MiB/s: median (min-max)"
for key in java-add swift-upload python-add java-get swift-download python-get; do
    read -r m lo hi <<<"$(stat_of "$key")"
    printf '  %-16s %6s  (%s-%s)\n' "$key" "$m" "$lo" "$hi"
done
echo
echo "ratios of medians:"
echo "  add / swift upload     $(ratio "$(median java-add)" "$(median swift-upload)")"
echo "  add / python add       $(ratio "$(median java-add)" "$(median python-add)")"
echo "  get / swift download   $(ratio "$(median java-get)" "$(median swift-download)")"
echo "  get / python get       $(ratio "$(median java-get)" "$(median python-get)")"
echo
echo "JVM -Xmx64m: peak heap $(grep '^heap-peak-mib ' "$results" | awk '{print $2}' | sort -n | tail -1) MiB," \
    "peak RSS $(grep '^rss-peak-mib ' "$results" | awk '{print $2}' | sort -n | tail -1) MiB"
