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
# add and get. Prints medians, ranges and ratios in MiB/s, the CPU seconds per GiB that each
# transfer cost its client and the cluster's daemons, and the JVM's peak heap and RSS.
# The store runs from the benchmark jar (glance-store-benchmarks), which the script builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
bench_start scripts/ceph/cluster.sh cluster.env glance-store-ceph/target/bench-cluster "$@"
export CEPH_CONF
bench_store_options "rbd_store_ceph_conf=$CEPH_CONF" "rbd_store_user=$CEPH_USER" "rbd_store_pool=$CEPH_POOL"
pids=$(cat "$dir"/run/*.pid | tr '\n' ' ')
rbd_import() { rbd import --no-progress --object-size 8M "$@"; }

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    store_throughput rbd "${pids// /,}"
    image="$CEPH_POOL/bench-import-$rep"
    measure rbd-import "$pids" rbd_import "$data" "$image"
    rbd snap create --no-progress "$image@snap" >/dev/null
    measure rbd-export "$pids" rbd export --no-progress "$image@snap" -
    rbd snap rm --no-progress "$image@snap" >/dev/null
    rbd rm --no-progress "$image" >/dev/null
    # The same import doing the work an add must do: md5 and sha512 of the stream on the way.
    measure rbd-import-hashed "$pids" hashed_into "$data" rbd_import - "$image"
    rbd rm --no-progress "$image" >/dev/null
    python_bench "$pids" scripts/ceph/bench_glance_store.py "$CEPH_CONF" "$CEPH_POOL" "$data" 1
done

echo
echo "rbd store, ${size_mib} MiB, $reps repetitions"
print_table java-add rbd-import rbd-import-hashed python-add jdk-md5 jdk-sha-512 java-get java-get-verified \
    rbd-export python-get
print_ratios "add / rbd import" java-add rbd-import \
    "add / min(import, md5, sha512)" java-add hashing-bound:rbd-import \
    "add / rbd import hashed" java-add rbd-import-hashed \
    "add / python add" java-add python-add \
    "get / rbd export" java-get rbd-export \
    "get / python get" java-get python-get
print_memory
