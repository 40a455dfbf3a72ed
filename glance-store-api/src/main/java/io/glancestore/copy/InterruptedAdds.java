package io.glancestore.copy;

import io.glancestore.ImageStore;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InUseByStoreException;
import io.glancestore.exception.NotFoundException;
import java.time.Duration;
import java.util.Optional;

/**
 * Removes what an add killed halfway left under an image id in a target store, so that the copy
 * can be made again. Only called for an id the journal says this migration started to add and
 * never saw end.
 *
 * <p>The file store writes to a temporary name and publishes the image atomically: nothing
 * blocks a new add. The rbd store writes the image under its id and creates its snapshot last:
 * an image without its snapshot is an unfinished add, which the legacy location {@code rbd://<id>}
 * (the image itself, in the store's pool) deletes; an image that has its snapshot is refused by
 * that delete, and is left alone. Other stores leave nothing that a new add would trip over, or
 * the add reports the duplicate.
 */
final class InterruptedAdds {

    /** librbd keeps a killed writer's watch on the image for 30 s by default. */
    private static final Duration WATCH_TIMEOUT = Duration.ofSeconds(75);

    /** The rbd store's type and location scheme; the API does not depend on the driver. */
    private static final String RBD = "rbd";

    private InterruptedAdds() {
    }

    /**
     * The location of what an unfinished add of an id may have left, if the store leaves
     * anything that blocks another add.
     */
    static Optional<String> leftover(ImageStore target, String imageId) {
        if (target.type().equals(RBD)) {
            return Optional.of(RBD + "://" + imageId);
        }
        return Optional.empty();
    }

    /**
     * Deletes the leftover of an unfinished add, waiting out the watch of a killed writer.
     *
     * @throws GlanceStoreException if it cannot be deleted (for instance it is a finished image)
     */
    static void discard(ImageStore target, String imageId) {
        Optional<String> leftover = leftover(target, imageId);
        if (leftover.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + WATCH_TIMEOUT.toNanos();
        while (true) {
            try {
                target.delete(leftover.get());
                return;
            } catch (NotFoundException e) {
                return;
            } catch (InUseByStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InUseByStoreException("interrupted while waiting for the writer of image " + imageId
                        + " to be let go");
            }
        }
    }
}
