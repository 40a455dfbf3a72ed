package io.glancestore.cli.internal;

import io.glancestore.ImageStore;
import io.glancestore.location.Locations;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code rm}: deletes an image (and its cached copy). */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Deletes an image from its store and from the cache.")
public final class RmCommand extends LocationCommand {

    @Override
    int run(Session s) {
        ImageStore store = s.storeFor(location);
        ImageStore via = s.cache(store).map(c -> (ImageStore) c).orElse(store);
        via.delete(location);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deleted", Locations.mask(location));
        m.put("store", store.id());
        s.out().record(m);
        return ExitCodes.OK;
    }
}
