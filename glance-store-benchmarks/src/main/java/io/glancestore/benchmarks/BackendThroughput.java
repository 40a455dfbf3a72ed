package io.glancestore.benchmarks;

import io.glancestore.StoreRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One store, built from Glance's option names as a service would build it, through the
 * {@link StoreThroughput} harness: add, get and verified get of one file, with the CPU time of
 * this JVM and of the given server processes per transfer, the JDK's single-core md5 and sha512
 * speed and the peak heap and resident memory, as {@code key value} lines for the backend
 * benchmark scripts ({@code scripts/ceph/bench.sh}, {@code scripts/swift/bench.sh},
 * {@code scripts/vmware/bench.sh}) to tabulate. Run it in a small heap ({@code -Xmx64m}); the
 * vmware store also needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 *
 * <pre>{@code java -Xmx64m -cp glance-store-benchmarks.jar io.glancestore.benchmarks.BackendThroughput \
 *     --store rbd --options-file rbd.options --file image.raw [--repetitions 1] [--server-pids 12,34]}</pre>
 */
public final class BackendThroughput {

    private BackendThroughput() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --store TYPE --options-file FILE --file IMAGE [--repetitions N]
     *     [--server-pids PID,...]}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String type = null;
        Path image = null;
        int repetitions = 1;
        List<Long> pids = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage("missing value of " + args[i]);
            }
            switch (args[i++]) {
                case "--store" -> type = value;
                case "--options-file" -> BenchmarkOptions.readOptionsFile(Path.of(value), options);
                case "--file" -> image = Path.of(value);
                case "--repetitions" -> repetitions = Integer.parseInt(value);
                case "--server-pids" -> {
                    for (String pid : value.split("[, ]+")) {
                        if (!pid.isEmpty()) {
                            pids.add(Long.valueOf(pid));
                        }
                    }
                }
                default -> usage("unknown argument " + args[i - 1]);
            }
        }
        if (type == null || image == null) {
            usage("--store and --file are required");
        }
        StoreThroughput harness = StoreThroughput.builder().file(image).repetitions(repetitions).serverPids(pids)
                .build();
        try (StoreRegistry stores = StoreRegistry.builder().backend("bench", type, options).build()) {
            harness.run(stores.store("bench"));
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: BackendThroughput --store TYPE --options-file FILE --file IMAGE"
                + " [--repetitions N] [--server-pids PID,...]");
        System.exit(64);
    }
}
