#!/usr/bin/env bash
# Image cache throughput against a direct file-store get, and index costs, in one run.
# Usage: scripts/bench-cache.sh [work dir] [size MiB] [repetitions] [index entries]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
cache_bench CacheThroughput "$(realpath -m "${1:-target/bench-cache}")" "${2:-1024}" "${3:-3}" "${4:-100000}"
