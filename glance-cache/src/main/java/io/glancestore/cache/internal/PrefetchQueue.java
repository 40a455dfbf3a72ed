package io.glancestore.cache.internal;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's prefetch queue: {@code queue/<id>} files, shared by every process on the folder (a
 * file per request is what lets Glance's own tools and ours queue side by side). This cache
 * writes the location into the file, readable by its owner only since a location may carry
 * credentials; a request without one (queued by another tool) is left in place.
 */
final class PrefetchQueue {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchQueue.class);

    /** How the queue reads an image through the cache, and what it asks of the cache. */
    interface Cache {
        ImageData get(String location);

        boolean isCachedOrFilling(String id);

        boolean isClosing();

        void flush();
    }

    private final ImageStore wrapped;
    private final CacheFolder folder;
    private final long maxSize;
    private final Cache cache;
    private final Object run = new Object();

    PrefetchQueue(ImageStore wrapped, CacheFolder folder, long maxSize, Cache cache) {
        this.wrapped = wrapped;
        this.folder = folder;
        this.maxSize = maxSize;
        this.cache = cache;
    }

    /** Queues an image; false if it is cached, being cached or queued already (as Glance answers). */
    boolean queue(String location) {
        String id = wrapped.location(location).imageId();
        if (!CacheFolder.isCacheableId(id)) {
            throw new InvalidException("image id of " + wrapped.location(location) + " cannot be cached");
        }
        if (cache.isCachedOrFilling(id)) {
            return false;
        }
        Path file = folder.queued(id);
        try {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the folder's own permissions protect it.
            }
            Files.writeString(file, location, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new BackendException("image cache " + folder + ": cannot queue image " + id + ": " + e, e);
        }
    }

    /** Ids in the queue, oldest request first. */
    List<String> queued() {
        List<CacheFolder.FileInfo> files = CacheFolder.files(folder.queueDir());
        files.sort(Comparator.comparingLong(CacheFolder.FileInfo::lastModifiedMillis)
                .thenComparing(CacheFolder.FileInfo::name));
        List<String> ids = new ArrayList<>(files.size());
        for (CacheFolder.FileInfo i : files) {
            if (CacheFolder.isCacheableId(i.name())) {
                ids.add(i.name());
            }
        }
        return ids;
    }

    boolean dequeue(String id) {
        if (!CacheFolder.isCacheableId(id)) {
            return false;
        }
        try {
            return Files.deleteIfExists(folder.queued(id));
        } catch (IOException e) {
            throw new BackendException("image cache " + folder + ": cannot dequeue image " + id + ": " + e, e);
        }
    }

    int dequeueAll() {
        int n = 0;
        for (String id : queued()) {
            if (dequeue(id)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Reads every queued image through the cache, one at a time. A request whose image is gone
     * or larger than the limit is dropped; one another process is filling is left for the next
     * run.
     *
     * @param isCached tells whether an image is complete in the cache
     * @return how many queued images are now cached
     */
    int prefetch(java.util.function.Predicate<String> isCached) {
        synchronized (run) {
            List<String> fetched = new ArrayList<>();
            for (String id : queued()) {
                if (cache.isClosing()) {
                    break;
                }
                if (isCached.test(id)) {
                    dequeue(id);
                    continue;
                }
                String location;
                try {
                    location = Files.readString(folder.queued(id), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    continue;
                }
                if (location.isEmpty()) {
                    LOG.warn("image cache {}: queued image {} has no location (queued by another tool?); left queued",
                            folder, id);
                    continue;
                }
                try {
                    if (!id.equals(wrapped.location(location).imageId())) {
                        LOG.warn("image cache {}: queue entry {} names another image; dropped", folder, id);
                        dequeue(id);
                        continue;
                    }
                    long size = wrapped.size(location);
                    if (size > maxSize) {
                        LOG.warn("image cache {}: queued image {} ({} bytes) is larger than the cache ({} bytes); dropped",
                                folder, id, size, maxSize);
                        dequeue(id);
                        continue;
                    }
                    try (ImageData data = cache.get(location)) {
                        if (!data.isLocalFile()) {
                            data.transferTo(OutputStream.nullOutputStream());
                        }
                        // else a copy, which goes on without its reader (or an image too large
                        // to cache, passed through): reading it would fetch nothing more
                    }
                    fetched.add(id);
                } catch (NotFoundException e) {
                    LOG.warn("image cache {}: queued image {} no longer exists; dropped", folder, id);
                    dequeue(id);
                } catch (GlanceStoreException | IOException e) {
                    LOG.warn("image cache {}: prefetch of image {} failed, left queued: {}", folder, id, e.toString());
                }
            }
            cache.flush();
            int cachedNow = 0;
            for (String id : fetched) {
                if (isCached.test(id)) {
                    dequeue(id);
                    cachedNow++;
                }
            }
            return cachedNow;
        }
    }
}
