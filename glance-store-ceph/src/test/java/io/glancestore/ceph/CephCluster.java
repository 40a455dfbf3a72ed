package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.tck.ScriptedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway Ceph cluster of the integration tests: started once per test JVM with the
 * project's {@code scripts/ceph/cluster.sh} (which installs the Debian packages if missing) in a
 * folder under {@code target/}, and stopped by pid when the JVM exits. Set the environment
 * variable {@code GLANCE_STORE_CEPH_ENV} to the {@code cluster.env} of a running cluster to use
 * that one instead (it is then left running). Without a cluster the tests fail; they never skip.
 */
final class CephCluster {

    private static CephCluster instance;

    private final ScriptedServer server;

    private CephCluster(ScriptedServer server) {
        this.server = server;
    }

    /**
     * The cluster, started on first call.
     *
     * @return the running cluster
     */
    static synchronized CephCluster get() {
        if (instance == null) {
            instance = new CephCluster(ScriptedServer.startOrReuse("Ceph cluster", "glancestore.ceph",
                    "GLANCE_STORE_CEPH_ENV", "cluster.env", "CEPH_CONF", "CEPH_KEYRING", "CEPH_FSID", "CEPH_MON_HOST",
                    "CEPH_POOL", "CEPH_USER"));
        }
        return instance;
    }

    Path conf() {
        return Path.of(server.get("CEPH_CONF"));
    }

    Path keyring() {
        return Path.of(server.get("CEPH_KEYRING"));
    }

    String fsid() {
        return server.get("CEPH_FSID");
    }

    String monHost() {
        return server.get("CEPH_MON_HOST");
    }

    String pool() {
        return server.get("CEPH_POOL");
    }

    String user() {
        return server.get("CEPH_USER");
    }

    /**
     * A store on this cluster, configured as Glance would be: ceph.conf, user, pool.
     *
     * @param pool the pool
     * @return the builder, to adjust further
     */
    RbdStore.Builder store(String pool) {
        return RbdStore.builder().cephConf(conf()).user(user()).pool(pool);
    }

    /**
     * Creates an rbd pool if it does not exist yet.
     *
     * @param name the pool
     * @return the name
     */
    String createPool(String name) {
        ceph("osd", "pool", "create", name, "8", "8");
        ceph("osd", "pool", "application", "enable", name, "rbd");
        return name;
    }

    /** Runs the {@code ceph} tool as the cluster's admin and returns its output. */
    String ceph(String... args) {
        return tool("ceph", args);
    }

    /** Runs the {@code rbd} tool as the cluster's admin and returns its output. */
    String rbd(String... args) {
        return tool("rbd", args);
    }

    /** Runs a Ceph command-line tool as the cluster's admin and returns its standard output. */
    String tool(String tool, String... args) {
        List<String> line = new ArrayList<>();
        line.add(tool);
        line.add("--conf");
        line.add(conf().toString());
        line.add("--id");
        line.add(user());
        line.add("--keyring");
        line.add(keyring().toString());
        line.addAll(List.of(args));
        return run(line);
    }

    /** Runs a command with the cluster's CEPH_CONF in its environment; fails on a non-zero exit. */
    static String run(List<String> line) {
        try {
            Path err = Files.createTempFile("ceph-tool", ".err");
            try {
                Process p = new ProcessBuilder(line).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean done = p.waitFor(120, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly();
                }
                assertThat(done && p.exitValue() == 0).as("%s failed:\n%s\n%s", line, out,
                        Files.readString(err, StandardCharsets.UTF_8)).isTrue();
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
