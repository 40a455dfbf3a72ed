package io.glancestore.ceph.internal;

/**
 * How an image of unknown size grows while it is written, as glance_store grows it: each resize
 * adds a step that starts at one chunk and doubles, up to 8 GiB, so a large image needs few
 * resizes and a small one overshoots little. The image is trimmed to its real size at the end.
 */
final class GrowthSchedule {

    /** Largest single growth step, as in glance_store. */
    static final long MAX_STEP = 8L << 30;

    private long step;

    /**
     * A schedule whose first step is one chunk.
     *
     * @param firstStep the first growth in bytes, at least 1
     */
    GrowthSchedule(long firstStep) {
        if (firstStep < 1) {
            throw new IllegalArgumentException("first step must be positive: " + firstStep);
        }
        this.step = Math.min(firstStep, MAX_STEP);
    }

    /**
     * The size to resize to so that {@code needed} bytes fit, and advances the step.
     *
     * @param current the image's current size
     * @param needed the size the next write needs; more than {@code current}
     * @return the new size, at least {@code needed}
     */
    long grow(long current, long needed) {
        if (needed <= current) {
            throw new IllegalArgumentException("no growth needed: " + needed + " <= " + current);
        }
        long next = Math.max(needed, current + step);
        step = Math.min(step * 2, MAX_STEP);
        return next;
    }
}
