package io.glancestore.cli.internal;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.support.HashAlgorithms;
import io.glancestore.support.ParallelDigests;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code get}: reads an image, through the cache when there is one. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Reads an image to a file, a device or FIFO, or standard output (-), through the image cache"
                + " when one is configured, and prints its hashes; with --md5/--multihash the image must match them."
                + " A file is replaced only once the image is complete; devices and FIFOs are written in place."
                + " Without -o the image goes to standard output, unless that is a terminal.")
public final class GetCommand extends LocationCommand {

    private static final String ALGORITHM = HashAlgorithms.DEFAULT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the image (- for standard output)")
    String output;

    @Mixin
    ExpectedHashOptions expected;

    @Option(names = "--no-cache", description = "read from the store, bypassing the image cache")
    boolean noCache;

    @Override
    void checkArguments() {
        if (output == null) {
            if (StdStreams.isTerminal(1)) {
                throw new CliException(ExitCodes.USAGE, "standard output is a terminal: give -o FILE, or -o - to"
                        + " write the image there anyway");
            }
            output = "-";
        }
    }

    @Override
    int run(Session s) {
        Map<String, Object> result = fetch(s, location, output, expected.checked(), noCache);
        ImageOutput.record(s, result);
        return ExitCodes.OK;
    }

    static Map<String, Object> fetch(Session s, String location, String output, ExpectedHashArguments expected,
            boolean noCache) {
        ImageStore store = s.storeFor(location);
        String imageId = store.location(location).imageId();
        Optional<CachingImageStore> cache = noCache ? Optional.empty() : s.cache(store);
        String cacheState = cache.map(c -> c.isCached(imageId) ? "hit" : "miss").orElse("off");
        ImageStore from = cache.isPresent() ? cache.get() : store;
        ReadOptions.Builder ro = ReadOptions.builder();
        if (expected.md5() != null) {
            ro.expectedMd5(expected.md5());
        }
        String algorithm = ALGORITHM;
        if (expected.multihash() != null) {
            algorithm = expected.algorithm();
            ro.expectedMultihash(algorithm, expected.multihash());
        }
        MessageDigest md5Digest = HashAlgorithms.resolve("md5").newDigest();
        MessageDigest multiDigest = HashAlgorithms.resolve(algorithm).newDigest();
        long n;
        String written;
        try (ImageOutput target = ImageOutput.open(s, output, imageId)) {
            try (ImageData data = from.get(location, 0, -1, ro.build());
                    ProgressBar bar = s.progress("get " + imageId, data.length());
                    ParallelDigests digests = new ParallelDigests(md5Digest, multiDigest)) {
                target.copy(data, (buf, r) -> {
                    digests.update(buf, 0, r);
                    bar.add(r);
                });
                digests.finish();
            } catch (IOException e) {
                throw target.readFailed(e);
            }
            written = target.commit();
            n = target.bytes();
        }
        // A fill is published in the background once read: finish it so the next read is a hit.
        cache.ifPresent(CachingImageStore::flush);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", imageId);
        m.put("store", store.id());
        m.put("output", written);
        m.put("size", n);
        m.put("checksum", HexFormat.of().formatHex(md5Digest.digest()));
        m.put("os_hash_algo", algorithm);
        m.put("os_hash_value", HexFormat.of().formatHex(multiDigest.digest()));
        m.put("verified", expected.md5() != null || expected.multihash() != null);
        m.put("cache", cacheState);
        return m;
    }
}
