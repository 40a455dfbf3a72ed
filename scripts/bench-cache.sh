#!/usr/bin/env bash
# Image cache throughput against a direct file-store get, and index costs, in one run.
# Usage: scripts/bench-cache.sh [work dir] [size MiB] [repetitions] [index entries]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-target/bench-cache}")

./mvnw -B -q -ntp -pl glance-cache -am install -DskipTests
./mvnw -B -q -ntp -pl glance-cache test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="glance-cache/target/test-classes:glance-cache/target/classes:$(cat glance-cache/target/bench-classpath.txt)"
java -Xmx256m -cp "$cp" io.glancestore.cache.bench.CacheThroughput "$dir" "${2:-1024}" "${3:-3}" "${4:-100000}"
