package io.glancestore.swift.bench;

import io.glancestore.swift.SwiftStore;
import io.glancestore.tck.ScriptedServer;
import io.glancestore.tck.StoreThroughput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The swift store through the contract kit's {@link StoreThroughput} harness against a running
 * Swift, segmented as Glance would segment it: add, get and verified get of one file, with the
 * CPU time of this JVM and of Swift's servers per transfer, and the peak heap and resident
 * memory. Prints {@code key value} lines for {@code scripts/swift/bench.sh} to tabulate. Run it
 * with {@code -Xmx64m}.
 *
 * <pre>{@code java -Xmx64m -cp ... io.glancestore.swift.bench.SwiftBenchmark <swift.env> <file> <repetitions> <segment MB> [server pids,...]}</pre>
 */
public final class SwiftBenchmark {

    private SwiftBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the server's env file, the image file, the number of repetitions, the segment
     *     size in Glance MB (also the large object size), and optionally the servers' pids,
     *     comma-separated
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: SwiftBenchmark <swift.env> <file> <repetitions> <segment MB> [server pids,...]");
            System.exit(64);
        }
        Map<String, String> env = ScriptedServer.readEnv(Path.of(args[0]));
        long segmentMb = Long.parseLong(args[3]);
        try (SwiftStore store = SwiftStore.builder().authAddress(env.get("SWIFT_AUTH_URL")).authVersion("1")
                .user(env.get("SWIFT_USER")).key(env.get("SWIFT_KEY")).container("bench").createContainerOnPut(true)
                .largeObjectSizeMB(segmentMb).largeObjectChunkSizeMB(segmentMb).build()) {
            StoreThroughput.builder().file(Path.of(args[1])).repetitions(Integer.parseInt(args[2]))
                    .serverPids(Arrays.stream((args.length > 4 ? args[4] : "").split("[, ]+"))
                            .filter(s -> !s.isEmpty()).map(Long::valueOf).toList())
                    .build().run(store);
        }
    }
}
