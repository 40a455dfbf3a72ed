#!/usr/bin/env bash
# s3 store throughput against the CPU bound of an add, the gateway's own limit, Python
# glance_store's s3 driver and boto3's transfer manager, in one run on one throwaway RADOS
# Gateway.
#
#   scripts/s3/bench.sh [server dir] [size MiB] [repetitions]
#
# Starts the radosgw of scripts/ceph/rgw.sh in the folder (or reuses the one running there),
# writes a file of random bytes, then per repetition, in turn: the s3 store's add, get and
# verified get of the file in a JVM with -Xmx64m (parts of PART_MIB MiB, default 8, PARTS at once,
# default 3: the add holds (PARTS + 1) x PART_MIB MiB of part buffers, and the s3 part budget,
# glancestore.s3.partBuffers, is set to that); a curl PUT and GET of the same
# file, unsigned payload (the gateway's own limit, nothing hashed); Python glance_store's s3 driver
# add and get with the same part size and thread pools; boto3's upload_file and a streamed
# get_object with the same part size and concurrency. Prints medians, ranges and ratios in MiB/s,
# the CPU seconds per GiB each transfer cost its client and the gateway with its cluster, and the
# JVM's peak heap and RSS. The store runs from the benchmark jar (glance-store-benchmarks), which
# the script builds.
#
# JAVA_ONLY=1 runs the store's transfers alone (no curl, Python or boto3): the memory check,
#   JAVA_ONLY=1 scripts/s3/bench.sh <dir> 4096 1
# whose peak heap and RSS must be those of a 1 GiB run (memory flat in the image's size).
#
# The gateway's OSD holds its data in memory (CEPH_MEMSTORE_BYTES, see scripts/ceph/cluster.sh):
# a gateway this script starts gets room for two images besides its own pools, at least 8 GiB,
# and the data of the deleted objects is freed after every transfer (rgw.sh gc).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
part_mib=${PART_MIB:-8}
parts=${PARTS:-3}
java_only=${JAVA_ONLY:-}
memstore_mib=$((2 * ${2:-1024} + 2048))
export CEPH_MEMSTORE_BYTES=${CEPH_MEMSTORE_BYTES:-$(((memstore_mib > 8192 ? memstore_mib : 8192) * 1048576))}
bench_start scripts/ceph/rgw.sh rgw.env glance-store-s3/target/bench-rgw "$@"
bench_store_options "s3_store_host=$S3_ENDPOINT" "s3_store_access_key=$S3_ACCESS_KEY" \
    "s3_store_secret_key=$S3_SECRET_KEY" "s3_store_bucket=bench-java" "s3_store_create_bucket_on_put=true" \
    "s3_store_bucket_url_format=path" "s3_store_large_object_chunk_size=$part_mib" "s3_store_thread_pools=$parts"
pids=$(cat "$dir"/run/*.pid | tr '\n' ' ')
s3_curl() {
    curl -s -S -f --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
        -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
gc() { bash scripts/ceph/rgw.sh gc "$dir"; }
[ -n "$java_only" ] || s3_curl -o /dev/null -X PUT "$S3_ENDPOINT/bench-curl" || true

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    bench_jvm_options="-Dglancestore.s3.partBuffers=$(((parts + 1) * part_mib))m" store_throughput s3 "${pids// /,}"
    gc
    [ -z "$java_only" ] || continue
    measure curl-put "$pids" s3_curl -o /dev/null -T "$data" "$S3_ENDPOINT/bench-curl/object-$rep"
    measure curl-get "$pids" s3_curl -o /dev/null "$S3_ENDPOINT/bench-curl/object-$rep"
    s3_curl -o /dev/null -X DELETE "$S3_ENDPOINT/bench-curl/object-$rep"
    gc
    python_bench "$pids" scripts/s3/bench_glance_store.py "$dir/rgw.env" "$data" 1 "$part_mib" "$parts"
    gc
    python_bench "$pids" scripts/s3/bench_boto3.py "$dir/rgw.env" "$data" 1 "$part_mib" "$parts"
    gc
done

echo
echo "s3 store on radosgw, ${size_mib} MiB, parts of $part_mib MiB, $parts at once, $reps repetitions"
if [ -n "$java_only" ]; then
    print_table java-add jdk-md5 jdk-sha-512 java-get java-get-verified
    echo
    print_memory
    exit 0
fi
print_table java-add curl-put python-add boto3-upload jdk-md5 jdk-sha-512 java-get java-get-verified curl-get \
    python-get boto3-download
print_ratios "add / min(curl put, md5, sha512)" java-add hashing-bound:curl-put \
    "add / python add" java-add python-add \
    "add / boto3 upload" java-add boto3-upload \
    "get / curl get" java-get curl-get \
    "get / python get" java-get python-get \
    "get / boto3 download" java-get boto3-download
print_memory
