package io.glancestore.examples;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.StoreRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Puts a file into a file store configured with Glance's option names, reads it back, and
 * checks the checksums: {@code java -jar glance-store-quickstart.jar [folder] [file]}.
 * Without a file, it makes a 256 MiB one in the folder.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @param args optional folder (default {@code glance-demo}) and file to store
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "glance-demo").toAbsolutePath();
        Path images = folder.resolve("images");
        Path file = args.length > 1 ? Path.of(args[1]) : demoFile(folder, 256L << 20);

        // The same options a glance-api.conf would carry: [DEFAULT] enabled_backends = local:file
        try (StoreRegistry stores = StoreRegistry.builder()
                .backend("local", "file", Map.of("filesystem_store_datadir", images.toString()))
                .build()) {
            String imageId = UUID.randomUUID().toString();
            long size = Files.size(file);

            long t0 = System.nanoTime();
            AddResult added;
            try (InputStream in = Files.newInputStream(file)) {
                added = stores.add("local", imageId, in, size, AddOptions.defaults());
            }
            report("put", size, t0);
            System.out.println("  location  " + added.location());
            System.out.println("  size      " + added.size());
            System.out.println("  md5       " + added.checksum());
            System.out.println("  " + added.hashAlgorithm() + "    " + added.multihash());
            System.out.println("  metadata  " + added.metadata());

            t0 = System.nanoTime();
            String md5;
            ReadOptions verify = ReadOptions.builder().expectedMd5(added.checksum())
                    .expectedMultihash(added.hashAlgorithm(), added.multihash()).build();
            try (ImageData data = stores.get(added.location(), 0, -1, verify)) {
                md5 = md5Of(data);
            }
            report("get", size, t0);
            boolean match = md5.equals(added.checksum()) && md5.equals(md5Of(file));
            System.out.println("  md5 of the file, of the put and of the get " + (match ? "match" : "DIFFER"));

            try (ImageData range = stores.get(added.location(), size / 2, 16)) {
                System.out.println("  16 bytes at offset " + range.offset() + " of " + range.imageSize()
                        + ": " + HexFormat.of().formatHex(range.readAllBytes()));
            }
            stores.delete(added.location());
            System.out.println("deleted   " + imageId);
            if (!match) {
                System.exit(1);
            }
        }
    }

    private static void report(String what, long bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-9s %d bytes in %.2f s (%.0f MiB/s)%n", what, bytes, seconds, bytes / seconds / (1 << 20));
    }

    private static String md5Of(Path file) throws IOException, NoSuchAlgorithmException {
        try (InputStream in = Files.newInputStream(file)) {
            return md5Of(in);
        }
    }

    private static String md5Of(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) >= 0; ) {
            md5.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static Path demoFile(Path folder, long size) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("demo.img");
        if (Files.exists(file) && Files.size(file) == size) {
            return file;
        }
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
        System.out.println("made      " + file + " (" + size + " bytes)");
        return file;
    }
}
