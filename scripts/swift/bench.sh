#!/usr/bin/env bash
# swift store throughput against the swift command-line client and Python glance_store, in one
# run on one throwaway Swift.
#
#   scripts/swift/bench.sh [server dir] [size MiB] [repetitions]
#
# Starts the Swift of scripts/swift/swift.sh in the folder (or reuses the one running there)
# with a max_file_size large enough for the segments, writes a file of random bytes, then per
# repetition, in turn: the swift store's add, get and verified get of the file in a JVM with -Xmx64m, segmented
# at SEGMENT_MB Glance MB (default 100 = 102,400,000 bytes); `swift upload --segment-size` of the
# same file with the same segment size and `swift download` of it to /dev/null (python3-swiftclient,
# which hashes nothing on upload); and Python glance_store's swift driver add and get with the same
# segmentation. Prints medians, ranges and ratios in MiB/s, the CPU seconds per GiB that each
# transfer cost its client and Swift's servers (with memcached), and the JVM's peak heap and RSS.
# Needs the modules the swift module depends on installed in the local Maven repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
segment_mb=${SEGMENT_MB:-100}
segment_bytes=$((segment_mb * 1024000))
# A Swift started here takes objects as large as a segment.
export SWIFT_MAX_FILE_SIZE=$((segment_bytes > 5242880 ? segment_bytes : 5242880))
bench_start scripts/swift/swift.sh swift.env glance-store-swift/target/bench-swift "$@"
pids=$(cat "$dir"/run/*.pid | tr '\n' ' ')
bench_store_options swift_store_auth_version=1 "swift_store_auth_address=$SWIFT_AUTH_URL" \
    "swift_store_user=$SWIFT_USER" "swift_store_key=$SWIFT_KEY" swift_store_container=bench \
    swift_store_create_container_on_put=true "swift_store_large_object_size=$segment_mb" \
    "swift_store_large_object_chunk_size=$segment_mb"
swift_cli() { swift -A "$SWIFT_AUTH_URL" -U "$SWIFT_USER" -K "$SWIFT_KEY" -q "$@"; }

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    store_throughput swift "${pids// /,}"
    object="bench-cli-$rep"
    measure swift-upload "$pids" swift_cli upload --segment-size "$segment_bytes" --object-name "$object" bench-cli "$data"
    measure swift-download "$pids" swift_cli download -o /dev/null bench-cli "$object"
    swift_cli delete bench-cli "$object" >/dev/null
    python_bench "$pids" scripts/swift/bench_glance_store.py "$SWIFT_AUTH_URL" "$SWIFT_USER" "$SWIFT_KEY" \
        "$data" 1 "$segment_mb"
done

echo
echo "swift store, ${size_mib} MiB, segments of $segment_bytes bytes, $reps repetitions"
print_table java-add swift-upload python-add jdk-md5 jdk-sha-512 java-get java-get-verified swift-download python-get
print_ratios "add / swift upload" java-add swift-upload \
    "add / python add" java-add python-add \
    "get / swift download" java-get swift-download \
    "get / python get" java-get python-get
print_memory
