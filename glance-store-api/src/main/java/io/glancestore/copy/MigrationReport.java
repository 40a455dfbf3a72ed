package io.glancestore.copy;

import io.glancestore.location.Locations;
import java.util.List;

/**
 * What a migration run did, image by image.
 *
 * @param images one outcome per image, in the order given
 */
public record MigrationReport(List<ImageOutcome> images) {

    /** Freezes the list. */
    public MigrationReport {
        images = List.copyOf(images);
    }

    /** What happened to one image. */
    public enum Status {
        /** Copied and verified in this run. */
        COPIED,
        /** Copied and verified by an earlier run. */
        ALREADY_COPIED,
        /** Not copied: see the message; the source is untouched. */
        FAILED
    }

    /**
     * The outcome for one image.
     *
     * @param imageId the image id, or {@code null} if the location could not be parsed
     * @param source the location in the source store
     * @param target the location of the verified copy, or {@code null}
     * @param status what happened
     * @param sourceDeleted whether the source copy is deleted (only ever after verification) or,
     *     with a catalog, its location removed
     * @param registered whether the catalog lists the copy ({@code false} without a catalog)
     * @param message why it failed, or {@code null}
     */
    public record ImageOutcome(String imageId, String source, String target, Status status, boolean sourceDeleted,
            boolean registered, String message) {

        /**
         * An outcome of a migration without a catalog.
         *
         * @param imageId the image id
         * @param source the location in the source store
         * @param target the copy's location, or {@code null}
         * @param status what happened
         * @param sourceDeleted whether the source is deleted
         * @param message why it failed, or {@code null}
         */
        public ImageOutcome(String imageId, String source, String target, Status status, boolean sourceDeleted,
                String message) {
            this(imageId, source, target, status, sourceDeleted, false, message);
        }

        @Override
        public String toString() {
            return "ImageOutcome{" + imageId + ", " + status + ", source=" + Locations.mask(source)
                    + ", target=" + Locations.mask(target) + ", sourceDeleted=" + sourceDeleted
                    + ", registered=" + registered + (message == null ? "" : ", message=" + message) + "}";
        }
    }

    /**
     * Counts images with a status.
     *
     * @param status the status
     * @return how many
     */
    public long count(Status status) {
        return images.stream().filter(i -> i.status() == status).count();
    }

    /**
     * Whether every image is now copied and verified.
     *
     * @return true if none failed
     */
    public boolean complete() {
        return count(Status.FAILED) == 0;
    }
}
