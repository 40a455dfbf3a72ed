package io.glancestore.cli.internal;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.copy.ExpectedHashes;
import io.glancestore.copy.ImageCopier;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code copy}: copies an image to another backend (Glance's copy-image). */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "Copies an image into another backend, streaming, verified on arrival; the source stays."
                + " Prints the new location.")
public final class CopyCommand extends LocationCommand {

    @Option(names = "--to", required = true, paramLabel = "BACKEND", description = "the backend to copy into")
    String to;

    @Mixin
    ExpectedHashOptions expected;

    @Option(names = "--read-back", description = "also read the new copy back in full and check it")
    boolean readBack;

    private ExpectedHashes hashes;

    @Override
    void checkArguments() {
        hashes = expected.checked().toExpectedHashes();
    }

    @Override
    int run(Session s) {
        ImageStore source = s.storeFor(location);
        ImageStore target = s.store(to);
        String imageId = source.location(location).imageId();
        AddResult r;
        try (ProgressBar bar = s.progress("copy " + imageId, source.size(location))) {
            r = ImageCopier.builder().readBack(readBack).progressListener(bar).build()
                    .copy(source, location, target, hashes);
        }
        Map<String, Object> m = PutCommand.describe(imageId, target.id(), r);
        m.put("source_store", source.id());
        s.out().record(m);
        return ExitCodes.OK;
    }
}
