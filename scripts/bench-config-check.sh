#!/usr/bin/env bash
# Times `glance-store config check` on glance-api.conf files of 1, 4 and 16 MB (some 10,000 keys
# per MB in one backend section, as the original report measured), with the jar of this build and,
# if given, an older jar to compare with; then the readers alone on the same files with the size
# limit raised, to show that parsing is linear.
# Usage: scripts/bench-config-check.sh [work dir] [older glance-store.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-target/bench-config}")
older=${2:-}
jar=glance-store-cli/target/glance-store.jar
./mvnw -B -q -ntp -pl glance-store-cli -am package -DskipTests
mkdir -p "$dir"

for mb in 1 4 16; do
    awk -v bytes=$((mb * 1000000)) -v images="$dir/images" 'BEGIN {
        head = "[DEFAULT]\nenabled_backends = local:file\n[glance_store]\ndefault_backend = local\n[local]\n" \
               "filesystem_store_datadir = " images "\n"
        printf "%s", head; n = length(head)
        for (i = 0; n < bytes; i++) { line = sprintf("option_%07d = value number %d of the test padding text\n", i, i)
            printf "%s", line; n += length(line) }
    }' > "$dir/glance-api-${mb}MB.conf"
done

echo "load: $(uptime)"
echo
echo "| jar | file | MB | exit | wall s | peak RSS MiB | first line of stderr |"
echo "|---|---|---:|---:|---:|---:|---|"
for which in this older; do
    j=$jar
    if [ "$which" = older ]; then [ -n "$older" ] || break; j=$older; fi
    for mb in 1 4 16; do
        f="$dir/glance-api-${mb}MB.conf"
        set +e
        /usr/bin/time -f "%e %M" -o "$dir/time.txt" timeout 300 java -jar "$j" config check "$f" \
            >/dev/null 2>"$dir/err.txt"
        code=$?
        set -e
        read -r wall rss < <(tail -1 "$dir/time.txt")
        first=$( (grep -v '^Command' "$dir/err.txt" || true) | head -1 | cut -c1-90 | sed "s|$dir/||")
        [ "$code" = 124 ] && first="killed after 300 s"
        printf '| %s | %s | %d | %s | %s | %d | %s |\n' "$which" "$(basename "$f")" "$mb" "$code" "$wall" \
            $((rss / 1024)) "$first"
    done
done

echo
echo "readers alone, size limit raised to 64 MiB (this build):"
java -cp "$jar" scripts/bench/ConfigParseTiming.java "$dir"/glance-api-{1,4,16}MB.conf
