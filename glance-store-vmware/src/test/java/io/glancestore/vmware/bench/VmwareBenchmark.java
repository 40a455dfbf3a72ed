package io.glancestore.vmware.bench;

import io.glancestore.spi.StoreOptions;
import io.glancestore.tck.ScriptedServer;
import io.glancestore.tck.StoreThroughput;
import io.glancestore.vmware.VcsimServer;
import io.glancestore.vmware.VmwareStore;
import io.glancestore.vmware.internal.TlsSettings;
import io.glancestore.vmware.internal.VmwareStoreConfig;
import io.glancestore.vmware.internal.VsphereSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The vmware store through the contract kit's {@link StoreThroughput} harness against vcsim: add,
 * get and verified get of one file, with the CPU time of this JVM and of the simulator per
 * transfer, the JDK's single-core md5 and sha512 speed (an add hashes with both) and the peak heap
 * and resident memory. Prints {@code key value} lines for {@code scripts/vmware/bench.sh} to
 * tabulate, and writes the session cookie of a login with the same credentials to a file (mode
 * 600) so that the script's curl transfers carry the same kind of session. Run it in a small heap
 * ({@code -Xmx64m}) with {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 *
 * <pre>{@code java -Xmx64m --add-opens java.base/java.lang=ALL-UNNAMED -cp ... \
 *     io.glancestore.vmware.bench.VmwareBenchmark <vcsim.env> <file> <repetitions> <cookie file>}</pre>
 */
public final class VmwareBenchmark {

    private VmwareBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the simulator's env file, the image file, the number of repetitions, where to
     *     write the session cookie
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: VmwareBenchmark <vcsim.env> <file> <repetitions> <cookie file>");
            System.exit(64);
        }
        Path env = Path.of(args[0]);
        VcsimServer vcsim = VcsimServer.fromEnv(env);
        long simulatorPid = Long.parseLong(ScriptedServer.readEnv(env, "VCSIM_PID").get("VCSIM_PID"));
        writeCookie(vcsim, Path.of(args[3]));
        try (VmwareStore store = vcsim.store().datastore(vcsim.datacenter(), vcsim.datastore(0), 0).build()) {
            StoreThroughput.builder().file(Path.of(args[1])).repetitions(Integer.parseInt(args[2]))
                    .serverPids(List.of(simulatorPid)).build().run(store);
        }
    }

    /** A login of the store's kind, whose cookie the script's curl sends. */
    private static void writeCookie(VcsimServer vcsim, Path cookieFile) throws Exception {
        VmwareStoreConfig config = VmwareStoreConfig.from(StoreOptions.of("bench", Map.of(
                "vmware_server_host", vcsim.host(), "vmware_server_username", vcsim.user(),
                "vmware_server_password", vcsim.password(), "vmware_ca_file", vcsim.caFile().toString())));
        try (VsphereSession session = new VsphereSession(config, TlsSettings.of(config.caFile(), false))) {
            Files.deleteIfExists(cookieFile);
            Files.createFile(cookieFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(cookieFile, session.cookie().value().reveal(), StandardCharsets.UTF_8);
        }
    }
}
