package io.glancestore.copy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ProgressListener;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.location.Locations;
import io.glancestore.support.HashAlgorithms;
import io.glancestore.support.ParallelDigests;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Copies an image from one store to another, as Glance's {@code copy-image} import does: the
 * bytes stream from the source's read into the target's add (never held in memory), the new copy
 * is checked against the hashes the image is known to have, and the source stays as it is. A
 * copy that does not match is deleted before the failure is reported. Thread-safe.
 *
 * <pre>{@code
 * AddResult copy = ImageCopier.create().copy(fileStore, location, cephStore,
 *         new ExpectedHashes(checksum, "sha512", osHashValue));
 * }</pre>
 */
public final class ImageCopier {

    private final boolean readBack;
    private final ProgressListener progress;

    private ImageCopier(Builder b) {
        this.readBack = b.readBack;
        this.progress = b.progress;
    }

    /**
     * A copier that verifies on arrival only.
     *
     * @return the copier
     */
    public static ImageCopier create() {
        return builder().build();
    }

    /**
     * Starts configuring a copier.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Copies an image, checking it against what the source delivered.
     *
     * @param source the store holding the image
     * @param location the image's location in {@code source}
     * @param target the store to copy into; the image keeps its id
     * @return the new copy's location and hashes
     * @see #copy(ImageStore, String, ImageStore, ExpectedHashes)
     */
    public AddResult copy(ImageStore source, String location, ImageStore target) {
        return copy(source, location, target, ExpectedHashes.none());
    }

    /**
     * Copies an image. The source's bytes are verified as they are read (when hashes are
     * expected) and the target's add hashes what it stores; the result must equal the expected
     * md5 and multihash. With {@link Builder#readBack(boolean)} the new copy is also read back in
     * full and checked against those hashes, so what the target serves is verified too.
     *
     * @param source the store holding the image
     * @param location the image's location in {@code source}
     * @param target the store to copy into; the image keeps its id
     * @param expected hashes the image is known to have, or {@link ExpectedHashes#none()}
     * @return the new copy's location and hashes
     * @throws ChecksumMismatchException if the bytes do not match (nothing is left in the target)
     * @throws io.glancestore.exception.DuplicateException if the target has that id already
     */
    public AddResult copy(ImageStore source, String location, ImageStore target, ExpectedHashes expected) {
        return copy(source, location, target, null, expected, added -> { });
    }

    /**
     * Copies an image under a given id, telling {@code onAdded} of the copy as soon as the target
     * holds it and its hashes match, before it is read back: a migration journals it there, so a
     * crash during the read-back leaves a copy it knows of.
     */
    AddResult copy(ImageStore source, String location, ImageStore target, String targetId, ExpectedHashes expected,
            Consumer<AddResult> onAdded) {
        Objects.requireNonNull(expected, "expected");
        String imageId = targetId != null ? targetId : source.location(location).imageId();
        long size = source.size(location);
        AddOptions.Builder add = AddOptions.builder().progressListener(progress);
        if (expected.hashAlgorithm() != null) {
            add.hashAlgorithm(expected.hashAlgorithm());
        }
        AddResult result;
        try (ImageData data = source.get(location, 0, -1, expected.readOptions())) {
            result = target.add(imageId, data, size, add.build());
        } catch (IOException e) {
            throw new SourceReadException("closing the source of " + Locations.mask(location) + " failed", e);
        }
        try {
            verify(result, expected, location);
            onAdded.accept(result);
            if (readBack) {
                readBack(target, result);
            }
        } catch (GlanceStoreException e) {
            try {
                target.delete(result.location());
            } catch (GlanceStoreException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return result;
    }

    private static void verify(AddResult result, ExpectedHashes expected, String location) {
        if (expected.md5() != null && !expected.md5().equalsIgnoreCase(result.checksum())) {
            throw new ChecksumMismatchException("copy of " + Locations.mask(location)
                    + " has md5 " + result.checksum() + ", expected " + expected.md5());
        }
        if (expected.multihash() != null && expected.hashAlgorithm().equalsIgnoreCase(result.hashAlgorithm())
                && !expected.multihash().equalsIgnoreCase(result.multihash())) {
            throw new ChecksumMismatchException("copy of " + Locations.mask(location) + " has "
                    + result.hashAlgorithm() + " " + result.multihash() + ", expected " + expected.multihash());
        }
    }

    // Hashes what the target serves here rather than trusting the store's own check: the target
    // may be any ImageStore implementation.
    static void readBack(ImageStore target, AddResult result) {
        MessageDigest md5 = HashAlgorithms.resolve("md5").newDigest();
        MessageDigest multi = HashAlgorithms.resolve(result.hashAlgorithm()).newDigest();
        long n = 0;
        try (ImageData data = target.get(result.location());
                ParallelDigests digests = new ParallelDigests(md5, multi)) {
            byte[] buf = new byte[1 << 18];
            for (int r; (r = data.read(buf)) > 0; n += r) {
                digests.update(buf, 0, r);
            }
            digests.finish();
        } catch (IOException e) {
            throw new SourceReadException("reading back " + Locations.mask(result.location()) + " failed", e);
        }
        if (n != result.size() || !HexFormat.of().formatHex(md5.digest()).equals(result.checksum())
                || !HexFormat.of().formatHex(multi.digest()).equals(result.multihash())) {
            throw new ChecksumMismatchException("copy at " + Locations.mask(result.location())
                    + " does not read back as written (" + n + " of " + result.size() + " bytes, hashes differ)");
        }
    }

    @Override
    public String toString() {
        return "ImageCopier{readBack=" + readBack + "}";
    }

    /** Configures an {@link ImageCopier}. */
    public static final class Builder {
        private boolean readBack;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * Also reads every new copy back in full and checks its hashes before reporting success.
         *
         * @param readBack whether to read back
         * @return this builder
         */
        public Builder readBack(boolean readBack) {
            this.readBack = readBack;
            return this;
        }

        /**
         * Reports the bytes written to the target.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progressListener(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the copier.
         *
         * @return the copier
         */
        public ImageCopier build() {
            return new ImageCopier(this);
        }
    }
}
