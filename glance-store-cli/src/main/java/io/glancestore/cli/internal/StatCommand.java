package io.glancestore.cli.internal;

import io.glancestore.ImageStore;
import io.glancestore.cache.CachedImage;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.location.Locations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code stat}: size, store and cache state of an image. */
@Command(name = "stat", mixinStandardHelpOptions = true, description = "Shows an image's size, store and cache state.")
public final class StatCommand extends LocationCommand {

    @Override
    int run(Session s) {
        ImageStore store = s.storeFor(location);
        String imageId = store.location(location).imageId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", imageId);
        m.put("location", Locations.mask(location));
        m.put("store", store.id());
        m.put("type", store.type());
        m.put("size", store.size(location));
        Optional<CachingImageStore> cache = s.cache(store);
        Optional<CachedImage> cached = cache.flatMap(c -> c.cachedImage(imageId));
        m.put("cache", cache.isEmpty() ? "off" : "on");
        m.put("cached", cached.isPresent());
        cached.ifPresent(c -> {
            m.put("cache_hits", c.hits());
            m.put("cache_last_accessed", String.valueOf(c.lastAccessed()));
        });
        s.out().record(m);
        return ExitCodes.OK;
    }
}
