#!/usr/bin/env bash
# Cache hits through the public API: 64 KiB hits per second and latency with 1 and 4 processes on
# one cache folder, and a 1 GiB hit with the default checks and with full verification against a
# direct read of the cached file and the CPU bound of hashing it.
# Usage: scripts/bench-cache-hits.sh [work dir] [big image MiB] [seconds per run] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
# The machine's load beside the figures, before and after.
uptime
cache_bench CacheHitBench "$(realpath -m "${1:-target/bench-cache-hits}")" "${2:-1024}" "${3:-5}" "${4:-3}"
uptime
