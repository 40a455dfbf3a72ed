package io.glancestore.vmware;


import io.glancestore.tck.ScriptedServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The vCenter simulator of the integration tests: started once per test JVM with the project's
 * {@code scripts/vmware/vcsim.sh} (which installs the Debian packages and builds the launcher if
 * missing) in a folder under {@code target/}, and stopped by pid when the JVM exits. Set the
 * environment variable {@code GLANCE_STORE_VCSIM_ENV} to the {@code vcsim.env} of a running
 * simulator to use that one instead (it is then left running). Without a simulator the tests
 * fail; they never skip.
 */
public final class VcsimServer {

    private static final String[] KEYS = {"VCSIM_HOST", "VCSIM_USER", "VCSIM_PASSWORD", "VCSIM_CA_FILE",
        "VCSIM_DATACENTER", "VCSIM_DATASTORE_0", "VCSIM_DATASTORE_0_DIR"};
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
            instance = new VcsimServer(ScriptedServer.startOrReuse("vCenter simulator", "glancestore.vcsim",
                    "GLANCE_STORE_VCSIM_ENV", "vcsim.env", KEYS).env());
        }
        return instance;
    }

    /**
     * The simulator from an env file, for the benchmark.
     *
     * @param file the {@code vcsim.env}
     * @return the simulator
     */
    public static VcsimServer fromEnv(Path file) {
        return new VcsimServer(ScriptedServer.readEnv(file, KEYS));
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
