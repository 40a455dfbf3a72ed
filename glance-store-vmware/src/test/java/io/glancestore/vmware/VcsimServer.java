package io.glancestore.vmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The vCenter simulator of the integration tests: started once per test JVM with the project's
 * {@code scripts/vmware/vcsim.sh} (which installs the Debian packages and builds the launcher if
 * missing) in a folder under {@code target/}, and stopped by pid when the JVM exits. Set the
 * environment variable {@code GLANCE_STORE_VCSIM_ENV} to the {@code vcsim.env} of a running
 * simulator to use that one instead (it is then left running). Without a simulator the tests
 * fail; they never skip.
 */
public final class VcsimServer {

    private static VcsimServer instance;

    private final Map<String, String> env;

    private VcsimServer(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The simulator, started on first call.
     *
     * @return the running simulator
     */
    public static synchronized VcsimServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static VcsimServer start() {
        try {
            String existing = System.getenv("GLANCE_STORE_VCSIM_ENV");
            if (existing != null && !existing.isBlank()) {
                return new VcsimServer(readEnv(Path.of(existing)));
            }
            String scriptProperty = System.getProperty("glancestore.vcsim.script");
            String dirProperty = System.getProperty("glancestore.vcsim.dir");
            assertThat(scriptProperty).as("system property glancestore.vcsim.script (set by the module's failsafe "
                    + "configuration) names scripts/vmware/vcsim.sh").isNotBlank();
            assertThat(dirProperty).as("system property glancestore.vcsim.dir").isNotBlank();
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
            assertThat(done && p.exitValue() == 0).as("starting vcsim with " + script
                    + " (root is needed to install Debian's golang-go and golang-github-vmware-govmomi-dev):\n"
                    + output.replaceAll("VCSIM_PASSWORD=.*", "VCSIM_PASSWORD=***")).isTrue();
            VcsimServer server = new VcsimServer(readEnv(dir.resolve("vcsim.env")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(script, dir), "vcsim-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting vcsim", e);
        }
    }

    private static void stop(Path script, Path dir) {
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "stop", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("stopping vcsim failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads a {@code vcsim.env} file.
     *
     * @param file the file
     * @return its values
     * @throws IOException if it cannot be read
     */
    public static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        for (String key : List.of("VCSIM_HOST", "VCSIM_USER", "VCSIM_PASSWORD", "VCSIM_CA_FILE", "VCSIM_DATACENTER",
                "VCSIM_DATASTORE_0", "VCSIM_DATASTORE_0_DIR")) {
            assertThat(values).as(file + " names " + key).containsKey(key);
        }
        return values;
    }

    /**
     * The simulator from an env file, for the benchmark.
     *
     * @param file the {@code vcsim.env}
     * @return the simulator
     * @throws IOException if it cannot be read
     */
    public static VcsimServer fromEnv(Path file) throws IOException {
        return new VcsimServer(readEnv(file));
    }

    /** @return {@code 127.0.0.1:<port>} */
    public String host() {
        return env.get("VCSIM_HOST");
    }

    /** @return the user */
    public String user() {
        return env.get("VCSIM_USER");
    }

    /** @return the password */
    public String password() {
        return env.get("VCSIM_PASSWORD");
    }

    /** @return the server certificate, PEM */
    public Path caFile() {
        return Path.of(env.get("VCSIM_CA_FILE"));
    }

    /** @return the datacenter */
    public String datacenter() {
        return env.get("VCSIM_DATACENTER");
    }

    /**
     * A datastore's name.
     *
     * @param i its index, 0 or 1
     * @return the name
     */
    public String datastore(int i) {
        return env.get("VCSIM_DATASTORE_" + i);
    }

    /**
     * The local folder behind a datastore.
     *
     * @param name the datastore's name
     * @return the folder
     */
    public Path datastoreDir(String name) {
        for (int i = 0; env.containsKey("VCSIM_DATASTORE_" + i); i++) {
            if (env.get("VCSIM_DATASTORE_" + i).equals(name)) {
                return Path.of(env.get("VCSIM_DATASTORE_" + i + "_DIR"));
            }
        }
        throw new IllegalArgumentException("no datastore " + name);
    }

    /**
     * A store on this simulator: host, credentials, its CA, no datastores yet.
     *
     * @return the builder, to adjust further
     */
    public VmwareStore.Builder store() {
        return VmwareStore.builder().host(host()).username(user()).password(password()).caFile(caFile())
                .taskPollInterval(java.time.Duration.ofSeconds(1));
    }
}
