#!/usr/bin/env bash
# vmware store throughput against the transfer limit - curl doing the same PUT and GET with a
# session cookie of the same user - in one run on one throwaway vCenter simulator.
#
#   scripts/vmware/bench.sh [simulator dir] [size MiB] [repetitions]
#
# Starts the simulator of scripts/vmware/vcsim.sh in the folder (or reuses the one running
# there), writes a file of random bytes, then per repetition, in turn: the vmware store's add,
# get and verified get of the file in a JVM with -Xmx64m (warmed up first, as a running service
# is), curl's PUT and GET of the same file to the same datastore folder, and a curl PUT that also
# runs md5sum and sha512sum over the stream (the work an add does). Prints medians, ranges,
# ratios, the CPU seconds per GiB that each transfer cost its client and the simulator, and the
# JVM's peak heap and RSS. The store runs from the benchmark jar (glance-store-benchmarks), which
# the script builds; the login that gives curl its cookie runs from the vmware module's tests,
# which need the modules they depend on installed in the local Maven repository
# (./mvnw -pl glance-store-vmware -am install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
cookie_file=
bench_cleanup() { [ -z "$cookie_file" ] || rm -f "$cookie_file" "$dir/bench-cookie-header"; }
bench_start scripts/vmware/vcsim.sh vcsim.env glance-store-vmware/target/bench-vcsim "$@"
cookie_file="$dir/bench-cookie"
cp=$(bench_classpath glance-store-vmware "$dir") || { echo "bench: building glance-store-vmware failed" >&2; exit 1; }
bench_store_options "vmware_server_host=$VCSIM_HOST" "vmware_server_username=$VCSIM_USER" \
    "vmware_server_password=$VCSIM_PASSWORD" "vmware_ca_file=$VCSIM_CA_FILE" vmware_task_poll_interval=1 \
    "vmware_datastores=$VCSIM_DATACENTER:$VCSIM_DATASTORE_0:100"
url="https://$VCSIM_HOST/folder/openstack_glance/bench-curl?dcPath=$VCSIM_DATACENTER&dsName=$VCSIM_DATASTORE_0"
curl_put() { curl -sSf --cacert "$VCSIM_CA_FILE" -H @"$dir/bench-cookie-header" -H 'Content-Type: application/octet-stream' -T "$1" "$url"; }
curl_get() { curl -sSf --cacert "$VCSIM_CA_FILE" -H @"$dir/bench-cookie-header" -o /dev/null "$url"; }

for rep in $(seq "$reps"); do
    echo "repetition $rep of $reps" >&2
    store_throughput vmware "$VCSIM_PID"
    java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.glancestore.vmware.bench.SessionCookie \
        "$dir/vcsim.env" "$cookie_file"
    # The same transfers with curl: the session cookie from a file, never on the command line.
    printf 'Cookie: %s\n' "$(cat "$cookie_file")" >"$dir/bench-cookie-header"
    chmod 600 "$dir/bench-cookie-header"
    measure curl-put "$VCSIM_PID" curl_put "$data"
    measure curl-get "$VCSIM_PID" curl_get
    rm -f "$VCSIM_DATASTORE_0_DIR/openstack_glance/bench-curl"
    measure curl-put-hashed "$VCSIM_PID" hashed_into "$data" curl_put -
    rm -f "$dir/bench-cookie-header" "$VCSIM_DATASTORE_0_DIR/openstack_glance/bench-curl"
done

echo
echo "vmware store against vcsim, ${size_mib} MiB, $reps repetitions"
print_table java-add curl-put curl-put-hashed jdk-md5 jdk-sha-512 java-get java-get-verified curl-get
print_ratios "add / curl PUT" java-add curl-put \
    "add / min(curl PUT, md5, sha512)" java-add hashing-bound:curl-put \
    "add / curl PUT + md5sum + sha512sum" java-add curl-put-hashed \
    "get / curl GET" java-get curl-get \
    "verified get / curl GET" java-get-verified curl-get
print_memory
