#!/usr/bin/env bash
# File store throughput against the machine's own limits, in one run.
# Usage: scripts/bench-file-store.sh [work dir] [size MiB] [repetitions]
# Puts/gets the image through the file store with -Xmx64m, then times cat, sha512sum,
# md5sum and dd on the same machine, then checks that a 4 GiB add/get also runs in -Xmx64m.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-target/bench}")
size_mib=${2:-1024}
reps=${3:-3}

./mvnw -B -q -ntp -pl glance-store-benchmarks -am package -DskipTests
jar=glance-store-benchmarks/target/glance-store-benchmarks.jar
mkdir -p "$dir"

java -Xmx64m -jar "$jar" "$dir" "$size_mib" "$reps"

src="$dir/source.img"
mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1048576 }'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
bytes=$(stat -c %s "$src")
echo
echo "external limits on the same file (page cache warm), MiB/s, one run each:"
cat "$src" >/dev/null
for i in $(seq "$reps"); do
    printf '  cat > /dev/null      %s\n' "$(mibps "$bytes" "$(timed cat "$src")")"
done
printf '  sha512sum            %s\n' "$(mibps "$bytes" "$(timed sha512sum "$src")")"
printf '  md5sum               %s\n' "$(mibps "$bytes" "$(timed md5sum "$src")")"
t=$(timed dd if="$src" of="$dir/dd.img" bs=1M conv=fsync status=none)
printf '  dd bs=1M conv=fsync  %s\n' "$(mibps "$bytes" "$t")"
rm -f "$dir/dd.img"

echo
echo "memory: 4096 MiB add/get with -Xmx64m"
java -Xmx64m -jar "$jar" "$dir/big" 4096 1 | grep -E "store add|store get|peak RSS"
rm -rf "$dir/big"
