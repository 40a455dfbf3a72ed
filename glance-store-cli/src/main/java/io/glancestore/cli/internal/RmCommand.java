package io.glancestore.cli.internal;

import io.glancestore.ImageStore;
import io.glancestore.location.Locations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rm}: deletes an image (and its cached copy). */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Deletes an image from its store and from the cache.")
public final class RmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "the image's location URI")
    String location;

    @Override
    public Integer call() {
        try (Session s = new Session(spec)) {
            ImageStore store = s.storeFor(location);
            ImageStore via = s.cache(store).map(c -> (ImageStore) c).orElse(store);
            via.delete(location);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deleted", Locations.mask(location));
            m.put("store", store.id());
            s.out().record(m);
        }
        return ExitCodes.OK;
    }
}
