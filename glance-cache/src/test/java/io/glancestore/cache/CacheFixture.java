package io.glancestore.cache;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Helpers shared by the cache's own tests. */
final class CacheFixture {

    private CacheFixture() {
    }

    /** A configuration with no background scheduler, so tests decide when things run. */
    static CacheConfig.Builder config(Path dir, long maxSize) {
        return CacheConfig.builder().dir(dir).maxSize(maxSize).maintenanceInterval(Duration.ZERO)
                .prefetcherInterval(Duration.ZERO);
    }

    static CachingImageStore open(ImageStore store, Path dir, long maxSize) {
        return CachingImageStore.builder(store).config(config(dir, maxSize).build()).build();
    }

    static CachingImageStore open(ImageStore store, Path dir, long maxSize, Clock clock) {
        return CachingImageStore.builder(store).config(config(dir, maxSize).build()).clock(clock).build();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String add(ImageStore store, GeneratedImage image) {
        AddResult r = store.add(newId(), image.openStream(), image.size());
        return r.location();
    }

    static String add(ImageStore store, String id, GeneratedImage image) {
        return store.add(id, image.openStream(), image.size()).location();
    }

    /** Reads a whole image through the cache and returns its digests. */
    static Digests read(ImageStore store, String location) {
        return read(store, location, ReadOptions.defaults());
    }

    static Digests read(ImageStore store, String location, ReadOptions options) {
        try (ImageData data = store.get(location, 0, -1, options)) {
            return Digests.of(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an image through the cache and waits until the cache has published it. */
    static void cache(CachingImageStore cache, String location) {
        read(cache, location);
        cache.flush();
    }

    static String idOf(ImageStore store, String location) {
        return store.location(location).imageId();
    }

    /** Names of the regular files in a folder. */
    static List<String> files(Path dir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Bytes of image data in a cache folder: its images, incomplete/ and invalid/. */
    static long folderBytes(Path dir) {
        long total = 0;
        for (Path d : List.of(dir, dir.resolve("incomplete"), dir.resolve("invalid"))) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            total += a.size();
                        }
                    } catch (IOException gone) {
                        // removed while listing
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }
}
