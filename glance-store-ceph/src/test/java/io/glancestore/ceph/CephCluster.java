package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway Ceph cluster of the integration tests: started once per test JVM with the
 * project's {@code scripts/ceph/cluster.sh} (which installs the Debian packages if missing) in a
 * folder under {@code target/}, and stopped by pid when the JVM exits. Set the environment
 * variable {@code GLANCE_STORE_CEPH_ENV} to the {@code cluster.env} of a running cluster to use
 * that one instead (it is then left running). Without a cluster the tests fail; they never skip.
 */
final class CephCluster {

    private static final String PYTHON = "/usr/bin/python3";
    private static CephCluster instance;

    private final Map<String, String> env;
    private final Path script;
    private final Path dir;

    private CephCluster(Map<String, String> env, Path script, Path dir) {
        this.env = env;
        this.script = script;
        this.dir = dir;
    }

    /**
     * The cluster, started on first call.
     *
     * @return the running cluster
     */
    static synchronized CephCluster get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static CephCluster start() {
        try {
            String existing = System.getenv("GLANCE_STORE_CEPH_ENV");
            if (existing != null && !existing.isBlank()) {
                return new CephCluster(readEnv(Path.of(existing)), null, null);
            }
            String scriptProperty = System.getProperty("glancestore.ceph.script");
            String dirProperty = System.getProperty("glancestore.ceph.dir");
            assertThat(scriptProperty).as("system property glancestore.ceph.script (set by the module's failsafe "
                    + "configuration) names scripts/ceph/cluster.sh").isNotBlank();
            assertThat(dirProperty).as("system property glancestore.ceph.dir").isNotBlank();
            Path script = Path.of(scriptProperty).toAbsolutePath().normalize();
            Path dir = Path.of(dirProperty).toAbsolutePath().normalize();
            Files.createDirectories(dir);
            Path log = dir.resolveSibling(dir.getFileName() + "-start.log");
            Process p = new ProcessBuilder("bash", script.toString(), "start", dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(15, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done && p.exitValue() == 0).as("starting the Ceph cluster with " + script
                    + " (root is needed to install Debian's ceph packages):\n" + output).isTrue();
            CephCluster cluster = new CephCluster(readEnv(dir.resolve("cluster.env")), script, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "ceph-cluster-stop"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Ceph cluster", e);
        }
    }

    private void stop() {
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "stop", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("stopping the Ceph cluster failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        for (String key : List.of("CEPH_CONF", "CEPH_KEYRING", "CEPH_FSID", "CEPH_MON_HOST", "CEPH_POOL", "CEPH_USER")) {
            assertThat(values).as(file + " names " + key).containsKey(key);
        }
        return values;
    }

    Path conf() {
        return Path.of(env.get("CEPH_CONF"));
    }

    Path keyring() {
        return Path.of(env.get("CEPH_KEYRING"));
    }

    String fsid() {
        return env.get("CEPH_FSID");
    }

    String monHost() {
        return env.get("CEPH_MON_HOST");
    }

    String pool() {
        return env.get("CEPH_POOL");
    }

    String user() {
        return env.get("CEPH_USER");
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

    /** Debian's Python, which has the rados, rbd and glance_store modules. */
    static String python() {
        return PYTHON;
    }
}
