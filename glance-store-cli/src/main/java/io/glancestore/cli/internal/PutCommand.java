package io.glancestore.cli.internal;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.location.Locations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put}: stores a file as an image. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Stores a file (or standard input: -) as an image and prints its location and hashes.")
public final class PutCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "the image file, or - for standard input")
    String file;

    @Option(names = "--id", paramLabel = "ID", description = "image id (default: a new UUID)")
    String id;

    @Mixin
    BackendOption backend;

    @Option(names = "--hash-algorithm", paramLabel = "ALG", description = "multihash algorithm (default: the store's, sha512)")
    String hashAlgorithm;

    @Override
    int run(Session s) throws IOException {
        String imageId = id != null ? id : UUID.randomUUID().toString();
        boolean stdin = file.equals("-");
        long size = stdin ? ImageStore.UNKNOWN_SIZE : sizeOf(Path.of(file));
        // Checked before the store is touched: nothing is published from a closed stdin.
        InputStream source = stdin ? StdStreams.stdinForData() : open(Path.of(file));
        ImageStore target = s.store(backend.id(s));
        AddResult r;
        try (InputStream in = source; ProgressBar bar = s.progress("put " + imageId, size)) {
            AddOptions.Builder o = AddOptions.builder().progressListener(bar);
            if (hashAlgorithm != null) {
                o.hashAlgorithm(hashAlgorithm);
            }
            r = target.add(imageId, in, size, o.build());
        }
        s.out().record(describe(imageId, target.id(), r));
        return ExitCodes.OK;
    }

    /** The size of a regular file; unknown for a FIFO or a device, whose bytes are read to the end. */
    private static long sizeOf(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "io_error", "cannot read " + path + ": " + IoMessages.reason(e), e);
        }
        if (a.isDirectory()) {
            throw new CliException(ExitCodes.USAGE, path + " is a directory, not an image");
        }
        return a.isRegularFile() ? a.size() : ImageStore.UNKNOWN_SIZE;
    }

    private static InputStream open(Path path) {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "io_error", "cannot read " + path + ": " + IoMessages.reason(e), e);
        }
    }

    static Map<String, Object> describe(String imageId, String storeId, AddResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", imageId);
        m.put("store", storeId);
        // Locations may hold credentials: shown masked; scripts of a file store get it whole.
        m.put("location", Locations.mask(r.location()));
        m.put("size", r.size());
        m.put("checksum", r.checksum());
        m.put("os_hash_algo", r.hashAlgorithm());
        m.put("os_hash_value", r.multihash());
        return m;
    }
}
