package io.glancestore.glance;

import io.glancestore.ImageStore;
import io.glancestore.copy.ImageCopier;
import io.glancestore.copy.MigrationItem;
import io.glancestore.copy.MigrationReport;
import io.glancestore.copy.StoreMigration;
import io.glancestore.location.Locations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the images a Glance has in one store into another while Glance serves them, moving
 * Glance's records along: a {@link StoreMigration} whose catalog is Glance (see
 * {@link io.glancestore.copy.MigrationCatalog}). Per image: copy, verify, add the new location,
 * confirm Glance lists it, then (with {@code deleteSources}) remove the old location, which
 * makes Glance delete the old data. Every image keeps a location that reads throughout, and a
 * run killed at any step resumes from its journal.
 *
 * <p>Copies are made by the SDK, or, for a file target (whose locations Glance does not take
 * through its API), by Glance's own {@code copy-image} import; old copies are then deleted with
 * {@code DELETE /v2/stores/<store>/<id>}. The images are those Glance lists with a location in
 * the source store ({@code store} metadata, or a location the source store handles) and data:
 * {@code active} or {@code deactivated}. Images added to the source store after the listing are
 * moved by the next run.
 *
 * <pre>{@code
 * try (GlanceClient glance = GlanceClient.fromEnvironment();
 *         GlanceMigration m = GlanceMigration.builder(glance, fileStore, cephStore, journal)
 *                 .deleteSources(true).build()) {
 *     MigrationReport report = m.run();
 * }
 * }</pre>
 */
public final class GlanceMigration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GlanceMigration.class);
    private static final Set<String> WITH_DATA = Set.of("active", "deactivated");

    /** Who makes the copies. */
    public enum CopyMethod {
        /** Glance's copy-image for file targets, the SDK otherwise. */
        AUTO,
        /** The SDK copies and verifies; Glance is told the new location. */
        SDK,
        /** Glance copies ({@code copy-image}); the SDK verifies the copy it made. */
        GLANCE_COPY_IMAGE
    }

    private final GlanceClient glance;
    private final ImageStore source;
    private final String sourceStore;
    private final StoreMigration migration;

    private GlanceMigration(Builder b, boolean copyImage) {
        this.glance = b.glance;
        this.source = b.source;
        this.sourceStore = b.sourceStore != null ? b.sourceStore : b.source.id();
        String targetStore = b.targetStore != null ? b.targetStore : b.target.id();
        this.migration = b.migration.catalog(new GlanceCatalog(b.glance, targetStore, copyImage, b.importTimeout))
                .build();
    }

    /**
     * Starts configuring a migration.
     *
     * @param glance the Glance whose records move along
     * @param source the store to empty; its id is Glance's id of it, unless
     *     {@link Builder#glanceStores} says otherwise
     * @param target the store to fill
     * @param journal the state file; reuse it to resume
     * @return a builder
     */
    public static Builder builder(GlanceClient glance, ImageStore source, ImageStore target, Path journal) {
        return new Builder(glance, source, target, journal);
    }

    /**
     * The images Glance has in the source store, with the hashes it records.
     *
     * @return one item per image
     */
    public List<MigrationItem> images() {
        List<MigrationItem> items = new ArrayList<>();
        for (GlanceImage image : glance.images()) {
            List<GlanceLocation> there = image.locations().stream()
                    .filter(l -> l.store().map(sourceStore::equals).orElse(source.handles(l.url()))).toList();
            if (there.isEmpty()) {
                continue;
            }
            if (!WITH_DATA.contains(image.status())) {
                LOG.warn("image {} is {}: left where it is", image.id(), image.status());
                continue;
            }
            if (there.size() > 1) {
                LOG.warn("image {} has {} locations in store {}; moving {}, the others stay", image.id(), there.size(),
                        sourceStore, Locations.mask(there.get(0).url()));
            }
            items.add(new MigrationItem(image.id(), there.get(0).url(), image.hashes()));
        }
        return items;
    }

    /**
     * Moves every image Glance has in the source store.
     *
     * @return what happened to each
     */
    public MigrationReport run() {
        return run(images());
    }

    /**
     * Moves given images.
     *
     * @param images the images, e.g. from {@link #images()}
     * @return what happened to each
     */
    public MigrationReport run(List<MigrationItem> images) {
        return migration.run(images);
    }

    /** Closes the journal; the stores and the client stay open. */
    @Override
    public void close() {
        migration.close();
    }

    @Override
    public String toString() {
        return "GlanceMigration{" + glance.endpoint() + ", " + migration + "}";
    }

    /**
     * Configures a {@link GlanceMigration}: the settings of the {@link StoreMigration} it runs,
     * which it is given here, and Glance's own.
     */
    public static final class Builder {
        private final GlanceClient glance;
        private final ImageStore source;
        private final ImageStore target;
        private final StoreMigration.Builder migration;
        private CopyMethod copyMethod = CopyMethod.AUTO;
        private String sourceStore;
        private String targetStore;
        private Duration importTimeout = Duration.ofHours(1);

        private Builder(GlanceClient glance, ImageStore source, ImageStore target, Path journal) {
            this.glance = Objects.requireNonNull(glance, "glance");
            this.migration = StoreMigration.builder(source, target, journal);
            this.source = source;
            this.target = target;
        }

        /**
         * Rolling (default: Glance serves every image throughout, images move one by one) or
         * legacy (offline bulk: every image is copied and registered before any old location is
         * removed, and none is if one failed).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(StoreMigration.Mode mode) {
            migration.mode(mode);
            return this;
        }

        /**
         * Removes each old location (Glance deletes its data) once the copy is listed (default:
         * keep both: the images end up in both stores).
         *
         * @param delete whether to
         * @return this builder
         */
        public Builder deleteSources(boolean delete) {
            migration.deleteSources(delete);
            return this;
        }

        /**
         * Who copies (default {@link CopyMethod#AUTO}).
         *
         * @param method the method
         * @return this builder
         */
        public Builder copyMethod(CopyMethod method) {
            this.copyMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Glance's ids of the two stores, when the SDK's store ids differ.
         *
         * @param source Glance's id of the source store
         * @param target Glance's id of the target store
         * @return this builder
         */
        public Builder glanceStores(String source, String target) {
            this.sourceStore = Objects.requireNonNull(source, "source");
            this.targetStore = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * How long an old location stays listed after its copy is (default 2 s in rolling mode).
         *
         * @param delay the delay, zero or more
         * @return this builder
         * @throws IllegalArgumentException if the delay is negative
         */
        public Builder retireDelay(Duration delay) {
            migration.retireDelay(delay);
            return this;
        }

        /**
         * How long one copy-image import may take (default 1 h).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder importTimeout(Duration timeout) {
            this.importTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The copier of SDK copies (default: verified on arrival and read back).
         *
         * @param copier the copier
         * @return this builder
         */
        public Builder copier(ImageCopier copier) {
            migration.copier(copier);
            return this;
        }

        /**
         * Opens the journal (resuming an earlier run) and builds the migration.
         *
         * @return the migration; close it
         * @throws UnsupportedLocationException if the SDK is to copy into a file store
         */
        public GlanceMigration build() {
            boolean fileTarget = target.type().equals("file");
            if (copyMethod == CopyMethod.SDK && fileTarget) {
                throw new UnsupportedLocationException("target store '" + target.id() + "' is a file store, whose"
                        + " locations glance does not take through its API: let glance copy (copy-image)");
            }
            return new GlanceMigration(this, copyMethod == CopyMethod.GLANCE_COPY_IMAGE
                    || (copyMethod == CopyMethod.AUTO && fileTarget));
        }
    }
}
