package io.glancestore.cache;

import io.glancestore.ImageData;
import io.glancestore.file.FileStore;
import io.glancestore.memory.InMemoryStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link CrashRecoveryTest}: caches one image completely, reads it a few
 * times, then starts filling a second one, stops part way and waits to be killed. In front of the
 * in-memory store the fill is a tee stopped halfway; in front of a file store (when a data
 * folder is given) it is a copy held after its first read.
 * Arguments: cache folder, id of the image to cache, id of the image to leave half-filled, size,
 * and optionally the file store's data folder.
 */
public final class CrashingFill {

    private CrashingFill() {
    }

    /**
     * Runs the child.
     *
     * @param args cache folder, complete id, half-filled id, size[, file store data folder]
     * @throws Exception on failure, which the parent sees as an early exit
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String completeId = args[1];
        String halfId = args[2];
        long size = Long.parseLong(args[3]);
        boolean copy = args.length > 4;
        CountingStore store = new CountingStore(copy ? FileStore.builder().datadir(Path.of(args[4])).build()
                : InMemoryStore.create());
        String complete = CacheFixture.add(store, completeId, CrashRecoveryTest.image(completeId, size));
        String half = CacheFixture.add(store, halfId, CrashRecoveryTest.image(halfId, size));

        CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30);
        CacheFixture.cache(cache, complete);
        for (int i = 0; i < 3; i++) {
            CacheFixture.read(cache, complete);
        }
        cache.flush();
        if (copy) {
            store.gateNextCopyAfterFirstStep();
            ImageData data = cache.get(half);
            if (!store.copyGates.get(0).awaitPaused(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the copy did not start");
            }
            data.readNBytes((int) (size / 2));
        } else {
            ImageData data = cache.get(half);
            data.readNBytes((int) (size / 2));
        }
        System.out.println("HALF");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
