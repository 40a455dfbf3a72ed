package io.glancestore.cli.internal;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.internal.HashAlgorithms;
import io.glancestore.internal.ParallelDigests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code get}: reads an image, through the cache when there is one. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Reads an image to a file (or standard output), through the image cache when one is configured,"
                + " and prints its hashes; with --md5/--multihash the image must match them.")
public final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "the image's location URI")
    String location;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the image (- for standard output)")
    String output;

    @Option(names = "--md5", paramLabel = "HEX", description = "the md5 the image must have (Glance's checksum)")
    String md5;

    @Option(names = "--multihash", paramLabel = "ALG:HEX", description = "the multihash the image must have, e.g. sha512:ab12...")
    String multihash;

    @Option(names = "--no-cache", description = "read from the store, bypassing the image cache")
    boolean noCache;

    @Override
    public Integer call() throws IOException {
        try (Session s = new Session(spec)) {
            if (output == null && System.console() == null) {
                output = "-";
            }
            Map<String, Object> result = fetch(s, location, output, md5, multihash, noCache);
            if (!"-".equals(output)) {
                s.out().record(result);
            } else if (s.out().json()) {
                // the image is on stdout: the result goes to stderr
                Output.printJson(spec.commandLine().getErr(), result);
            }
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> fetch(Session s, String location, String output, String md5, String multihash,
            boolean noCache) throws IOException {
        if (output == null) {
            if (System.console() != null) {
                throw new CliException(ExitCodes.USAGE, "give -o FILE, or -o - to write the image to the terminal");
            }
            output = "-";
        }
        ImageStore store = s.storeFor(location);
        String imageId = store.location(location).imageId();
        Optional<CachingImageStore> cache = noCache ? Optional.empty() : s.cache(store);
        String cacheState = cache.map(c -> c.isCached(imageId) ? "hit" : "miss").orElse("off");
        ImageStore from = cache.isPresent() ? cache.get() : store;
        ReadOptions.Builder ro = ReadOptions.builder();
        String algorithm = "sha512";
        if (md5 != null) {
            ro.expectedMd5(md5.toLowerCase(java.util.Locale.ROOT));
        }
        if (multihash != null) {
            int colon = multihash.indexOf(':');
            if (colon <= 0) {
                throw new CliException(ExitCodes.USAGE, "--multihash must be ALG:HEX, e.g. sha512:ab12...");
            }
            algorithm = multihash.substring(0, colon);
            ro.expectedMultihash(algorithm, multihash.substring(colon + 1).toLowerCase(java.util.Locale.ROOT));
        }
        MessageDigest md5Digest = HashAlgorithms.resolve("md5").newDigest();
        MessageDigest multiDigest = HashAlgorithms.resolve(algorithm).newDigest();
        long n = 0;
        Path target = "-".equals(output) ? null : Path.of(output).toAbsolutePath();
        Path partial = target == null ? null : target.resolveSibling("." + target.getFileName() + ".part");
        try (ImageData data = from.get(location, 0, -1, ro.build());
                ProgressBar bar = s.progress("get " + imageId, data.length());
                OutputStream out = target == null ? new NonClosing(System.out) : Files.newOutputStream(partial);
                ParallelDigests digests = new ParallelDigests(md5Digest, multiDigest)) {
            byte[] buf = new byte[1 << 18];
            for (int r; (r = data.read(buf)) > 0; ) {
                out.write(buf, 0, r);
                digests.update(buf, 0, r);
                n += r;
                bar.add(r);
            }
            digests.finish();
        } catch (IOException | RuntimeException e) {
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
            throw e;
        }
        // A fill is published in the background once read: finish it so the next read is a hit.
        cache.ifPresent(CachingImageStore::flush);
        if (target != null) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", imageId);
        m.put("store", store.id());
        m.put("output", target == null ? "-" : target.toString());
        m.put("size", n);
        m.put("checksum", HexFormat.of().formatHex(md5Digest.digest()));
        m.put("os_hash_algo", algorithm.toLowerCase(java.util.Locale.ROOT));
        m.put("os_hash_value", HexFormat.of().formatHex(multiDigest.digest()));
        m.put("verified", md5 != null || multihash != null);
        m.put("cache", cacheState);
        return m;
    }

    /** Keeps stdout open after the image is written. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
