package io.glancestore.ceph.bench;

import io.glancestore.ceph.RbdStore;
import io.glancestore.tck.ScriptedServer;
import io.glancestore.tck.StoreThroughput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rbd store through the contract kit's {@link StoreThroughput} harness against a running
 * cluster: add, get and verified get of one file, with the CPU time of this JVM and of the
 * cluster's daemons per transfer, the JDK's single-core md5 and sha512 speed (an add hashes with
 * both, so it cannot beat the slower of the two) and the peak heap and resident memory. Prints
 * {@code key value} lines for {@code scripts/ceph/bench.sh} to tabulate. Run it with
 * {@code -Xmx64m}.
 *
 * <pre>{@code java -Xmx64m -cp ... io.glancestore.ceph.bench.RbdBenchmark <cluster.env> <file> <repetitions> [daemon pids,...]}</pre>
 */
public final class RbdBenchmark {

    private RbdBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the cluster's env file, the image file, the number of repetitions, and
     *     optionally the daemons' pids, comma-separated
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: RbdBenchmark <cluster.env> <file> <repetitions> [daemon pids,...]");
            System.exit(64);
        }
        Map<String, String> env = ScriptedServer.readEnv(Path.of(args[0]), "CEPH_CONF", "CEPH_USER", "CEPH_POOL");
        try (RbdStore store = RbdStore.builder().cephConf(Path.of(env.get("CEPH_CONF"))).user(env.get("CEPH_USER"))
                .pool(env.get("CEPH_POOL")).build()) {
            store.fsid();
            StoreThroughput.builder().file(Path.of(args[1])).repetitions(Integer.parseInt(args[2]))
                    .serverPids(pids(args.length > 3 ? args[3] : "")).build().run(store);
        }
    }

    static List<Long> pids(String list) {
        return Arrays.stream(list.split("[, ]+")).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }
}
