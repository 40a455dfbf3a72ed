package io.glancestore.cache;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.memory.InMemoryStore;
import java.nio.file.Path;

/**
 * The child process of {@link CrashRecoveryTest}: caches one image completely, reads it a few
 * times, then starts filling a second one, stops halfway and waits to be killed.
 * Arguments: cache folder, id of the image to cache, id of the image to leave half-filled, size.
 */
public final class CrashingFill {

    private CrashingFill() {
    }

    /**
     * Runs the child.
     *
     * @param args cache folder, complete id, half-filled id, size
     * @throws Exception on failure, which the parent sees as an early exit
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String completeId = args[1];
        String halfId = args[2];
        long size = Long.parseLong(args[3]);
        ImageStore store = InMemoryStore.create();
        String complete = CacheFixture.add(store, completeId, CrashRecoveryTest.image(completeId, size));
        String half = CacheFixture.add(store, halfId, CrashRecoveryTest.image(halfId, size));

        CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30);
        CacheFixture.cache(cache, complete);
        for (int i = 0; i < 3; i++) {
            CacheFixture.read(cache, complete);
        }
        cache.flush();
        ImageData data = cache.get(half);
        data.readNBytes((int) (size / 2));
        System.out.println("HALF");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
