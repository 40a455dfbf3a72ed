#!/usr/bin/env bash
# Cache hits through the public API: 64 KiB hits per second and latency with 1 and 4 processes on
# one cache folder, and a 1 GiB hit with the default checks and with full verification against a
# direct read of the cached file and the CPU bound of hashing it.
# Usage: scripts/bench-cache-hits.sh [work dir] [big image MiB] [seconds per run] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-target/bench-cache-hits}")

./mvnw -B -q -ntp -pl glance-cache -am install -DskipTests
./mvnw -B -q -ntp -pl glance-cache test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="glance-cache/target/test-classes:glance-cache/target/classes:$(cat glance-cache/target/bench-classpath.txt)"
uptime
java -Xmx256m -cp "$cp" io.glancestore.cache.bench.CacheHitBench "$dir" "${2:-1024}" "${3:-5}" "${4:-3}"
uptime
