package io.glancestore.vmware.bench;

import io.glancestore.spi.StoreOptions;
import io.glancestore.vmware.VcsimServer;
import io.glancestore.vmware.internal.TlsSettings;
import io.glancestore.vmware.internal.VmwareStoreConfig;
import io.glancestore.vmware.internal.VsphereSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Logs in to vcsim as the vmware store does and writes the session cookie to a file (mode 600),
 * so that the curl transfers {@code scripts/vmware/bench.sh} compares the store with carry the
 * same kind of session. The store's own transfers run in the benchmark jar.
 *
 * <pre>{@code java -cp ... io.glancestore.vmware.bench.SessionCookie <vcsim.env> <cookie file>}</pre>
 */
public final class SessionCookie {

    private SessionCookie() {
    }

    /**
     * Writes the cookie.
     *
     * @param args the simulator's env file and where to write the session cookie
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SessionCookie <vcsim.env> <cookie file>");
            System.exit(64);
        }
        VcsimServer vcsim = VcsimServer.fromEnv(Path.of(args[0]));
        Path cookieFile = Path.of(args[1]);
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
