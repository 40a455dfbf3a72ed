package io.glancestore.glance;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.location.Locations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Glance's images straight from their stores, with no Glance API in the data path: the
 * image's record gives its locations and hashes, a configured store that can read one of the
 * locations streams it, and the bytes are checked against Glance's {@code checksum} and
 * {@code os_hash_value} as they end (a tampered object throws
 * {@link io.glancestore.exception.ChecksumMismatchException}).
 *
 * <p>Locations are tried in Glance's order, except that a preference list (like Glance's
 * {@code store_type_preference}, of store types or store ids) puts the stores it names first, in
 * its order. A location whose {@code store} metadata names a configured store is read by that
 * store; otherwise by any configured store that handles it. When no location can be opened (it
 * was just moved: the record is read once more), the image is downloaded through Glance's API
 * instead, verified the same way, unless that fallback is turned off. Thread-safe.
 *
 * <pre>{@code
 * GlanceImageReader reader = GlanceImageReader.builder(glance).stores(registry.stores())
 *         .preference(List.of("rbd", "file")).build();
 * try (GlanceImageRead read = reader.open(imageId)) {
 *     read.data().transferTo(out);
 * }
 * }</pre>
 */
public final class GlanceImageReader {

    private static final Logger LOG = LoggerFactory.getLogger(GlanceImageReader.class);

    private final GlanceClient glance;
    private final List<ImageStore> stores;
    private final List<String> preference;
    private final boolean fallbackToGlance;

    private GlanceImageReader(Builder b) {
        this.glance = b.glance;
        this.stores = List.copyOf(b.stores);
        this.preference = List.copyOf(b.preference);
        this.fallbackToGlance = b.fallbackToGlance;
    }

    /**
     * Starts configuring a reader.
     *
     * @param glance the Glance whose images are read
     * @return a builder
     */
    public static Builder builder(GlanceClient glance) {
        return new Builder(glance);
    }

    /**
     * Opens an image.
     *
     * @param imageId the Glance image id
     * @return the image being read; close it
     * @throws NotFoundException if Glance has no such image, or no store can read it and the
     *     fallback is off
     * @throws InvalidException if the image is not active (no data yet, or deactivated)
     * @throws VerificationFailedException if Glance records no hash to verify the data against
     */
    public GlanceImageRead open(String imageId) {
        GlanceImage image = null;
        GlanceStoreException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            image = glance.image(imageId);
            if (!image.active()) {
                throw new InvalidException("glance image " + imageId + " is " + image.status() + ", not active");
            }
            ReadOptions verify = verification(image);
            boolean moved = false;
            for (Candidate c : candidates(image)) {
                try {
                    ImageData data = c.store.get(c.location, 0, -1, verify);
                    return new GlanceImageRead(image, data, c.store.id(), c.location);
                } catch (GlanceStoreException e) {
                    LOG.debug("image {}: store {} cannot read {}: {}", imageId, c.store.id(), Locations.mask(c.location),
                            e.getMessage());
                    moved |= e instanceof NotFoundException;
                    last = e;
                }
            }
            if (!moved) {
                break;
            }
        }
        if (fallbackToGlance) {
            LOG.debug("image {}: no configured store reads it; downloading through glance", imageId);
            return new GlanceImageRead(image, glance.download(image), null, null);
        }
        NotFoundException none = new NotFoundException("glance image " + imageId + ": no configured store can read any"
                + " of its " + image.locations().size() + " locations"
                + (last != null ? " (last: " + last.getMessage() + ")" : ""));
        if (last != null) {
            none.initCause(last);
        }
        throw none;
    }

    /** The locations this reader can read, in the order it tries them. */
    List<Candidate> candidates(GlanceImage image) {
        List<Candidate> found = new ArrayList<>();
        for (GlanceLocation l : image.locations()) {
            ImageStore named = l.store().flatMap(id -> stores.stream().filter(s -> s.id().equals(id)).findFirst())
                    .filter(s -> s.handles(l.url())).orElse(null);
            ImageStore store = named != null ? named
                    : stores.stream().filter(s -> s.handles(l.url())).findFirst().orElse(null);
            if (store != null) {
                found.add(new Candidate(store, l.url()));
            }
        }
        found.sort(Comparator.comparingInt(this::rank));
        return found;
    }

    private int rank(Candidate c) {
        for (int i = 0; i < preference.size(); i++) {
            String p = preference.get(i);
            if (p.equals(c.store.id()) || p.equals(c.store.type())) {
                return i;
            }
        }
        return preference.size();
    }

    /**
     * The read options that verify a whole image against its record.
     *
     * @throws VerificationFailedException if the record has no hash
     */
    static ReadOptions verification(GlanceImage image) {
        ReadOptions options = image.hashes().readOptions();
        if (!options.verifies()) {
            throw new VerificationFailedException("glance image " + image.id()
                    + " records neither checksum nor os_hash_value: its data cannot be verified");
        }
        return options;
    }

    /** A location and the store that reads it. */
    record Candidate(ImageStore store, String location) {
    }

    @Override
    public String toString() {
        return "GlanceImageReader{" + glance.endpoint() + ", stores=" + stores.stream().map(ImageStore::id).toList()
                + ", preference=" + preference + "}";
    }

    /** Configures a {@link GlanceImageReader}. */
    public static final class Builder {
        private final GlanceClient glance;
        private final List<ImageStore> stores = new ArrayList<>();
        private List<String> preference = List.of();
        private boolean fallbackToGlance = true;

        private Builder(GlanceClient glance) {
            this.glance = Objects.requireNonNull(glance, "glance");
        }

        /**
         * Stores the reader may read from (their ids should be Glance's store ids, as when built
         * from the same glance-api.conf).
         *
         * @param stores the stores; they stay the caller's
         * @return this builder
         */
        public Builder stores(Collection<? extends ImageStore> stores) {
            this.stores.addAll(stores);
            return this;
        }

        /**
         * Stores read first, in this order: store types ({@code rbd}, {@code file}) or store ids.
         *
         * @param preference the list
         * @return this builder
         */
        public Builder preference(List<String> preference) {
            this.preference = List.copyOf(preference);
            return this;
        }

        /**
         * Whether an image no configured store can read is downloaded through Glance's API
         * (default true).
         *
         * @param fallback whether to
         * @return this builder
         */
        public Builder fallbackToGlance(boolean fallback) {
            this.fallbackToGlance = fallback;
            return this;
        }

        /**
         * Builds the reader.
         *
         * @return the reader
         */
        public GlanceImageReader build() {
            return new GlanceImageReader(this);
        }
    }
}
