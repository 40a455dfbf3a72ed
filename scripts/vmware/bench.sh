#!/usr/bin/env bash
# vmware store throughput against the transfer limit - curl doing the same PUT and GET with a
# session cookie of the same user - in one run on one throwaway vCenter simulator.
#
#   scripts/vmware/bench.sh [simulator dir] [size MiB] [repetitions]
#
# Starts the simulator of scripts/vmware/vcsim.sh in the folder (or reuses the one running
# there), writes a file of random bytes, then per repetition, in turn: the vmware store's add and
# get of the file in a JVM with -Xmx64m, and curl's PUT and GET of the same file to the same
# datastore folder. Prints medians, ranges and ratios in MiB/s, and the JVM's peak heap and RSS.
# Needs the modules the vmware module depends on installed in the local Maven repository
# (./mvnw -pl bom,glance-store-api,glance-store-tck install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(realpath -m "${1:-glance-store-vmware/target/bench-vcsim}")
size_mib=${2:-1024}
reps=${3:-3}

started=
if ! bash scripts/vmware/vcsim.sh status "$dir" 2>/dev/null; then
    bash scripts/vmware/vcsim.sh start "$dir" >/dev/null
    started=1
fi
cookie_file="$dir/bench-cookie"
cleanup() {
    rm -f "$cookie_file"
    [ -z "$started" ] || bash scripts/vmware/vcsim.sh stop "$dir"
}
trap cleanup EXIT
# shellcheck disable=SC1091
. "$dir/vcsim.env"

./mvnw -B -q -ntp -f glance-store-vmware/pom.xml test-compile
./mvnw -B -q -ntp -f glance-store-vmware/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$dir/classpath.txt" >/dev/null
cp="glance-store-vmware/target/test-classes:glance-store-vmware/target/classes:$(cat "$dir/classpath.txt")"

data="$dir/bench-${size_mib}m.img"
if [ "$(stat -c %s "$data" 2>/dev/null || echo 0)" -ne $((size_mib * 1048576)) ]; then
    head -c $((size_mib * 1048576)) /dev/urandom >"$data"
fi
cat "$data" >/dev/null

results="$dir/bench-results.txt"
: >"$results"
mibps() { awk -v m="$size_mib" -v s="$1" 'BEGIN { printf "%.0f", m / s }'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
url="https://$VCSIM_HOST/folder/openstack_glance/bench-curl?dcPath=$VCSIM_DATACENTER&dsName=$VCSIM_DATASTORE_0"

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    java -Xmx64m --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$cp" io.glancestore.vmware.bench.VmwareBenchmark "$dir/vcsim.env" "$data" 1 "$cookie_file" >>"$results"
    # The same transfers with curl: the session cookie from a file, never on the command line.
    printf 'Cookie: %s\n' "$(cat "$cookie_file")" >"$dir/bench-cookie-header"
    chmod 600 "$dir/bench-cookie-header"
    echo "curl-put $(mibps "$(timed curl -sSf --cacert "$VCSIM_CA_FILE" -H @"$dir/bench-cookie-header" \
        -H 'Content-Type: application/octet-stream' -T "$data" "$url")")" >>"$results"
    echo "curl-get $(mibps "$(timed curl -sSf --cacert "$VCSIM_CA_FILE" -H @"$dir/bench-cookie-header" \
        -o /dev/null "$url")")" >>"$results"
    rm -f "$dir/bench-cookie-header"
    rm -f "$VCSIM_DATASTORE_0_DIR/openstack_glance/bench-curl"
done

stat_of() {
    # median min max of a key's values
    grep "^$1 " "$results" | awk '{print $2}' | sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f %.0f %.0f\n", m, v[1], v[NR] }'
}
median() { stat_of "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "vmware store against vcsim, ${size_mib} MiB, $reps repetitions, MiB/s: median (min-max)"
for key in java-add curl-put jdk-md5 jdk-sha-512 java-get java-get-verified curl-get; do
    read -r m lo hi <<<"$(stat_of "$key")"
    printf '  %-18s %6s  (%s-%s)\n' "$key" "$m" "$lo" "$hi"
done
echo
echo "ratios of medians:"
echo "  add / curl PUT            $(ratio "$(median java-add)" "$(median curl-put)")"
echo "  get / curl GET            $(ratio "$(median java-get)" "$(median curl-get)")"
echo "  verified get / curl GET   $(ratio "$(median java-get-verified)" "$(median curl-get)")"
echo
echo "JVM -Xmx64m: peak heap $(grep '^heap-peak-mib ' "$results" | awk '{print $2}' | sort -n | tail -1) MiB," \
    "peak RSS $(grep '^rss-peak-mib ' "$results" | awk '{print $2}' | sort -n | tail -1) MiB"
