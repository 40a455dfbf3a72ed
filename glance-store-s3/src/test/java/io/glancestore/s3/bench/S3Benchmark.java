package io.glancestore.s3.bench;

import io.glancestore.s3.S3Store;
import io.glancestore.tck.ScriptedServer;
import io.glancestore.tck.StoreThroughput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The s3 store through the contract kit's {@link StoreThroughput} harness against a running
 * RADOS Gateway: add, get and verified get of one file, with the CPU time of this JVM and of the
 * gateway and cluster per transfer, the JDK's single-core md5 and sha512 speed (an add hashes
 * with both, so it cannot beat the slower of the two) and the peak heap and resident memory.
 * Prints {@code key value} lines for {@code scripts/s3/bench.sh} to tabulate. Run it with
 * {@code -Xmx64m}.
 *
 * <pre>{@code java -Xmx64m -cp ... io.glancestore.s3.bench.S3Benchmark <rgw.env> <file> <repetitions> <part MiB> <parts at once> [pids,...]}</pre>
 */
public final class S3Benchmark {

    private S3Benchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the gateway's env file, the image file, the repetitions, the part size in MiB,
     *     the parts uploaded at once, and optionally the server pids, comma-separated
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 6) {
            System.err.println("usage: S3Benchmark <rgw.env> <file> <repetitions> <part MiB> <parts at once> [pids,...]");
            System.exit(64);
        }
        Map<String, String> env = ScriptedServer.readEnv(Path.of(args[0]), "S3_ENDPOINT", "S3_ACCESS_KEY",
                "S3_SECRET_KEY");
        try (S3Store store = S3Store.builder().host(env.get("S3_ENDPOINT")).accessKey(env.get("S3_ACCESS_KEY"))
                .secretKey(env.get("S3_SECRET_KEY")).bucket("bench-java").createBucketOnPut(true)
                .bucketUrlFormat("path").largeObjectChunkSizeMiB(Long.parseLong(args[3]))
                .threadPools(Integer.parseInt(args[4])).build()) {
            StoreThroughput.builder().file(Path.of(args[1])).repetitions(Integer.parseInt(args[2]))
                    .serverPids(Arrays.stream((args.length > 5 ? args[5] : "").split("[, ]+"))
                            .filter(s -> !s.isEmpty()).map(Long::valueOf).toList())
                    .build().run(store);
        }
    }
}
