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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code put}: stores a file as an image. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Stores a file (or standard input: -) as an image and prints its location and hashes.")
public final class PutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the image file, or - for standard input")
    String file;

    @Option(names = "--id", paramLabel = "ID", description = "image id (default: a new UUID)")
    String id;

    @Option(names = "--store", paramLabel = "BACKEND", description = "backend id (default: the default backend)")
    String store;

    @Option(names = "--hash-algorithm", paramLabel = "ALG", description = "multihash algorithm (default: the store's, sha512)")
    String hashAlgorithm;

    @Override
    public Integer call() throws IOException {
        try (Session s = new Session(spec)) {
            ImageStore target = s.store(store);
            String imageId = id != null ? id : UUID.randomUUID().toString();
            boolean stdin = file.equals("-");
            long size;
            if (stdin) {
                size = ImageStore.UNKNOWN_SIZE;
            } else {
                try {
                    size = Files.size(Path.of(file));
                } catch (NoSuchFileException e) {
                    throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + file);
                }
            }
            AddResult r;
            try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file));
                    ProgressBar bar = s.progress("put " + imageId, size)) {
                AddOptions.Builder o = AddOptions.builder().progressListener(bar);
                if (hashAlgorithm != null) {
                    o.hashAlgorithm(hashAlgorithm);
                }
                r = target.add(imageId, in, size, o.build());
            }
            s.out().record(describe(imageId, target.id(), r));
        }
        return ExitCodes.OK;
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
