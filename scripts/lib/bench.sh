# Shared pieces of the benchmark scripts (sourced, not run). Every figure is a "key value" line
# in the file $results: MiB/s for a transfer, and for a transfer measured here also "<key>-cpu"
# (the command's own CPU seconds per GiB moved) and "<key>-server-cpu" (the CPU seconds per GiB
# of the server processes given, and of their descendants). Needs $size_mib and $results.

# bench_start <server script> <env file> <default dir> [dir] [size MiB] [repetitions]: the start
# every backend benchmark shares. Sets $dir, $size_mib and $reps from the arguments; uses the
# server running in $dir or starts one there with its script (and the caller's environment),
# stopped when the benchmark exits, after the benchmark's own bench_cleanup if it defines one;
# reads the server's env file; builds the benchmark jar ($jar); sets $data (the test file) and
# $results (emptied).
bench_start() {
    local env_file=$2
    bench_script=$1
    dir=$(realpath -m "${4:-$3}")
    size_mib=${5:-1024}
    reps=${6:-3}
    bench_started=
    store_options=
    if ! bash "$bench_script" status "$dir" 2>/dev/null; then
        bash "$bench_script" start "$dir" >/dev/null
        bench_started=1
    fi
    trap bench_exit EXIT
    # shellcheck disable=SC1090
    . "$dir/$env_file"
    # Needs nothing installed: the reactor builds the jar and the modules it holds.
    ./mvnw -B -q -ntp -pl glance-store-benchmarks -am package -DskipTests >&2 \
        || { echo "bench: building glance-store-benchmarks failed" >&2; exit 1; }
    jar=glance-store-benchmarks/target/glance-store-benchmarks.jar
    data=$(bench_data "$dir")
    results="$dir/bench-results.txt"
    : >"$results"
}

bench_exit() {
    if declare -F bench_cleanup >/dev/null; then bench_cleanup; fi
    [ -z "$store_options" ] || rm -f "$store_options"
    [ -z "$bench_started" ] || bash "$bench_script" stop "$dir"
}

# The test file of random bytes, made once and read into the page cache.
bench_data() {
    local dir=$1 file
    file="$dir/bench-${size_mib}m.img"
    if [ "$(stat -c %s "$file" 2>/dev/null || echo 0)" -ne $((size_mib * 1048576)) ]; then
        head -c $((size_mib * 1048576)) /dev/urandom >"$file"
    fi
    cat "$file" >/dev/null
    echo "$file"
}

# bench_store_options KEY=VALUE...: the store's options, with Glance's names, in a file of mode
# 600 (they hold secrets, kept off the command line), removed when the benchmark exits.
bench_store_options() {
    store_options="$dir/bench-store-options"
    (umask 077 && printf '%s\n' "$@" >"$store_options")
}

# store_throughput STORE [SERVER PIDS]: one add, get and verified get of $data through the store
# built from bench_store_options's file, in a JVM with -Xmx64m (BackendThroughput of the benchmark
# jar) and the flags in $bench_jvm_options, its figures appended to $results.
store_throughput() {
    # shellcheck disable=SC2086 # bench_jvm_options holds several words on purpose
    java -Xmx64m --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        ${bench_jvm_options:-} -cp "$jar" io.glancestore.benchmarks.BackendThroughput --store "$1" \
        --options-file "$store_options" --file "$data" --repetitions 1 --server-pids "${2:-}" >>"$results"
}

# python_bench "SERVER PIDS" SCRIPT ARG...: runs one of the Python benchmark scripts with Debian's
# python3 (which has glance_store and boto3), its figures appended to $results and its messages
# (oslo.config's deprecation warnings, tracebacks) to $dir/bench-python.log; a failure ends the
# benchmark with the end of that log.
python_bench() {
    local pids=$1
    shift
    if ! BENCH_SERVER_PIDS="$pids" /usr/bin/python3 "$@" 2>"$dir/bench-python.log" >>"$results"; then
        tail -n 20 "$dir/bench-python.log" >&2
        echo "bench: $1 failed (log: $dir/bench-python.log)" >&2
        exit 1
    fi
}

# cache_bench CLASS ARGS...: builds glance-cache and what it needs, then runs the cache benchmark
# io.glancestore.cache.bench.CLASS from its tests with the arguments, in a JVM with -Xmx256m.
cache_bench() {
    local class=$1 cp
    shift
    ./mvnw -B -q -ntp -pl glance-cache -am install -DskipTests
    ./mvnw -B -q -ntp -pl glance-cache test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
    cp="glance-cache/target/test-classes:glance-cache/target/classes:$(cat glance-cache/target/bench-classpath.txt)"
    java -Xmx256m -cp "$cp" "io.glancestore.cache.bench.$class" "$@"
}

# Compiles a module's tests and prints their class path.
bench_classpath() {
    local module=$1 dir=$2
    ./mvnw -B -q -ntp -f "$module/pom.xml" test-compile >&2 || return 1
    ./mvnw -B -q -ntp -f "$module/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$dir/classpath.txt" >&2 || return 1
    echo "$module/target/test-classes:$module/target/classes:$(cat "$dir/classpath.txt")"
}

# CPU ticks (user + system) of the given processes and of their living descendants. Processes
# of the machine come and go between the glob and the read: cat then fails on one of them, which
# must not fail the pipeline (pipefail) and with it the benchmark.
tree_cpu_ticks() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v roots="$*" '
        {
            pid = $1
            rest = substr($0, index($0, ") ") + 2)
            split(rest, f, " ")
            parent[pid] = f[2]
            ticks[pid] = f[12] + f[13]
        }
        END {
            n = split(roots, r, " ")
            for (i = 1; i <= n; i++) if (r[i] in ticks) member[r[i]] = 1
            grown = 1
            while (grown) {
                grown = 0
                for (p in parent) if (!(p in member) && (parent[p] in member)) { member[p] = 1; grown = 1 }
            }
            s = 0
            for (p in member) s += ticks[p]
            print s
        }'
}

# CPU ticks of this shell's finished children (fields cutime + cstime of /proc/$$/stat).
children_cpu_ticks() {
    awk '{ rest = substr($0, index($0, ") ") + 2); split(rest, f, " "); print f[14] + f[15] }' "/proc/$$/stat"
}

# measure KEY "SERVER PIDS" COMMAND...: runs the command (output discarded) in this shell and
# appends its MiB/s, CPU and the servers' CPU to $results. Call it from the script's own shell,
# not from a subshell, so the command's CPU time is counted when it is reaped.
measure() {
    local key=$1 pids=$2 t0 t1 c0 c1 s0 s1
    shift 2
    s0=$(tree_cpu_ticks $pids)
    c0=$(children_cpu_ticks)
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    c1=$(children_cpu_ticks)
    s1=$(tree_cpu_ticks $pids)
    awk -v k="$key" -v m="$size_mib" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v s="$((s1 - s0))" \
        -v hz="$(getconf CLK_TCK)" -v servers="$pids" 'BEGIN {
            gib = m / 1024
            printf "%s %.0f\n%s-cpu %.2f\n", k, m / (t1 - t0), k, c / hz / gib
            if (servers != "") printf "%s-server-cpu %.2f\n", k, s / hz / gib
        }' >>"$results"
}

# median min max of a key's values ("- - -" when there are none)
stat_of() {
    { grep "^$1 " "$results" || true; } | awk '{print $2}' | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        d = (m < 10) ? 2 : 0
        printf "%.*f %.*f %.*f\n", d, m, d, v[1], d, v[NR] }'
}
median() { stat_of "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }'; }

# The table: per key, MiB/s median (range), then the CPU seconds per GiB of the client and of
# the servers where they were measured.
print_table() {
    local key m lo hi
    printf '  %-20s %18s %14s %14s\n' "" "MiB/s (range)" "client CPU" "server CPU"
    for key in "$@"; do
        read -r m lo hi <<<"$(stat_of "$key")"
        printf '  %-20s %6s %11s %12s %14s\n' "$key" "$m" "($lo-$hi)" \
            "$(median "$key-cpu" | sed 's/^-$//')" "$(median "$key-server-cpu" | sed 's/^-$//')"
    done
    echo "  (CPU: seconds per GiB moved, medians)"
}

# print_ratios LABEL KEY KEY [LABEL KEY KEY...]: "ratios of medians:" and, per label, the first
# key's median over the second's. A key "hashing-bound:KEY" stands for the least of KEY's median
# and the JVM's md5 and sha-512 medians: the fastest an add can go that moves the bytes as KEY
# does and hashes them; its label is followed by that figure.
print_ratios() {
    local label a b
    echo
    echo "ratios of medians:"
    while [ $# -ge 3 ]; do
        label=$1 a=$(ratio_operand "$2") b=$(ratio_operand "$3")
        case $3 in hashing-bound:*) label="$label = $b" ;; esac
        printf '  %-40s %s\n' "$label" "$(ratio "$a" "$b")"
        shift 3
    done
    echo
}

ratio_operand() {
    case $1 in
        hashing-bound:*)
            printf '%s\n' "$(median "${1#hashing-bound:}")" "$(median jdk-md5)" "$(median jdk-sha-512)" \
                | sort -g | head -1 ;;
        *) median "$1" ;;
    esac
}

print_memory() {
    echo "JVM -Xmx64m: peak heap $(grep '^heap-peak-mib ' "$results" | awk '{print $2}' | sort -g | tail -1) MiB," \
        "peak RSS $(grep '^rss-peak-mib ' "$results" | awk '{print $2}' | sort -g | tail -1) MiB"
}

# hashed_into FILE COMMAND...: streams the file into the command's standard input through md5sum
# and sha512sum on the way (the work an add does besides moving the bytes), waiting for all.
hashed_into() {
    local file=$1 fifos md5_pid sha_pid
    shift
    fifos=$(mktemp -d)
    mkfifo "$fifos/md5" "$fifos/sha512"
    md5sum <"$fifos/md5" >/dev/null &
    md5_pid=$!
    sha512sum <"$fifos/sha512" >/dev/null &
    sha_pid=$!
    tee "$fifos/md5" "$fifos/sha512" <"$file" | "$@"
    wait "$md5_pid" "$sha_pid"
    rm -rf "$fifos"
}
