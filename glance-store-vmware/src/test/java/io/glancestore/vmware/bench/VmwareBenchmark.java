package io.glancestore.vmware.bench;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.spi.StoreOptions;
import io.glancestore.vmware.VcsimServer;
import io.glancestore.vmware.VmwareStore;
import io.glancestore.vmware.internal.TlsSettings;
import io.glancestore.vmware.internal.VmwareStoreConfig;
import io.glancestore.vmware.internal.VsphereSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Times the vmware store's add and get of one file against vcsim, and the JDK's single-core md5
 * and sha512 over the same bytes (an add hashes with both). Prints one {@code key value} line per
 * figure, MiB/s, for {@code scripts/vmware/bench.sh} to tabulate, and writes the session cookie
 * of a login with the same credentials to a file (mode 600) so that the script's curl transfers
 * carry the same kind of session. Run it in a small heap ({@code -Xmx64m}) with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 *
 * <pre>{@code java -Xmx64m --add-opens java.base/java.lang=ALL-UNNAMED -cp ... \
 *     io.glancestore.vmware.bench.VmwareBenchmark <vcsim.env> <file> <repetitions> <cookie file>}</pre>
 */
public final class VmwareBenchmark {

    private static final double MIB = 1 << 20;

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
        VcsimServer vcsim = VcsimServer.fromEnv(Path.of(args[0]));
        Path file = Path.of(args[1]);
        int reps = Integer.parseInt(args[2]);
        Path cookieFile = Path.of(args[3]);
        long size = Files.size(file);

        for (String algorithm : List.of("MD5", "SHA-512")) {
            long t0 = System.nanoTime();
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            digest.digest();
            report("jdk-" + algorithm.toLowerCase(Locale.ROOT), size, System.nanoTime() - t0);
        }

        writeCookie(vcsim, cookieFile);

        resetPeaks();
        try (VmwareStore store = vcsim.store().datastore(vcsim.datacenter(), vcsim.datastore(0), 0).build()) {
            for (int rep = 0; rep < reps; rep++) {
                String id = "bench-" + UUID.randomUUID();
                long t0 = System.nanoTime();
                AddResult added;
                try (InputStream in = Files.newInputStream(file)) {
                    added = store.add(id, in, size);
                }
                report("java-add", size, System.nanoTime() - t0);

                t0 = System.nanoTime();
                try (ImageData data = store.get(added.location())) {
                    data.transferTo(OutputStream.nullOutputStream());
                }
                report("java-get", size, System.nanoTime() - t0);

                t0 = System.nanoTime();
                ReadOptions verify = ReadOptions.builder().expectedMd5(added.checksum())
                        .expectedMultihash(added.hashAlgorithm(), added.multihash()).build();
                try (ImageData data = store.get(added.location(), 0, -1, verify)) {
                    data.transferTo(OutputStream.nullOutputStream());
                }
                report("java-get-verified", size, System.nanoTime() - t0);
                store.delete(added.location());
            }
        }
        System.out.printf(Locale.ROOT, "heap-max-mib %.1f%n", Runtime.getRuntime().maxMemory() / MIB);
        System.out.printf(Locale.ROOT, "heap-peak-mib %.1f%n", peakHeap() / MIB);
        System.out.printf(Locale.ROOT, "rss-peak-mib %.1f%n", peakRss() / 1024.0);
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

    private static void report(String name, long bytes, long nanos) {
        System.out.printf(Locale.ROOT, "%s %.0f%n", name, bytes / MIB / (nanos / 1e9));
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Peak resident set size in KiB, from /proc. */
    private static long peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
