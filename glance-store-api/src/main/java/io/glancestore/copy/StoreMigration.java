package io.glancestore.copy;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.copy.MigrationReport.ImageOutcome;
import io.glancestore.copy.MigrationReport.Status;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.location.Locations;
import io.glancestore.exception.BackendException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every image of one store into another (for instance file to ceph), resumably.
 *
 * <ul>
 *   <li>{@link Mode#ROLLING}: both stores keep serving. {@link #rollingStore()} is an
 *       {@link ImageStore} that adds to the new store and reads an image from the new store once
 *       its copy is verified, from the old one until then; images are moved one by one: each is
 *       copied, verified and, when asked, its source deleted before the next.
 *   <li>{@link Mode#LEGACY}: an offline bulk copy. Every image is copied and verified first;
 *       sources are deleted, when asked, only if every image made it.
 * </ul>
 *
 * <p>With a {@link MigrationCatalog} (Glance's image records), the catalog moves with the data:
 * each verified copy is added to the image's record and confirmed listed before anything else
 * happens to the image, and instead of deleting a source the migration removes its location
 * from the record, once more after checking that the copy is listed; the catalog deletes the data
 * behind it. An image therefore always has a listed location that reads. In rolling mode the
 * old location is removed {@link Builder#retireDelay a moment} after the new one is listed, so
 * that reads which looked the image up just before still find their data.
 *
 * <p>Progress is kept in a journal file, one line per step: a run that is interrupted at any
 * point (crash, SIGKILL, lost server) resumes on the next {@link #run(List)} with the same
 * journal, repeating at most the step it was in. An add killed halfway is cleaned up before it
 * is made again; a copy added but not yet read back is read back. A source is never deleted
 * before its copy has been verified (hashes on arrival and, by default, a full read-back).
 * Thread-safe; one run at a time.
 */
public final class StoreMigration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMigration.class);
    private static final Duration DEFAULT_RETIRE_DELAY = Duration.ofSeconds(2);

    /** How the migration runs. */
    public enum Mode {
        /** Online: reads fall back to the old store until each image is copied. */
        ROLLING,
        /** Offline bulk copy. */
        LEGACY
    }

    private final ImageStore source;
    private final ImageStore target;
    private final Mode mode;
    private final boolean deleteSources;
    private final ImageCopier copier;
    private final MigrationCatalog catalog;
    private final Duration retireDelay;
    private final MigrationJournal journal;

    private StoreMigration(Builder b) {
        this.source = b.source;
        this.target = b.target;
        this.mode = b.mode;
        this.deleteSources = b.deleteSources;
        this.copier = b.copier;
        this.catalog = b.catalog;
        this.retireDelay = b.retireDelay != null ? b.retireDelay
                : mode == Mode.ROLLING && catalog != null ? DEFAULT_RETIRE_DELAY : Duration.ZERO;
        this.journal = MigrationJournal.open(b.journal);
    }

    /**
     * Starts configuring a migration.
     *
     * @param source the store to empty
     * @param target the store to fill
     * @param journal the state file; reuse it to resume
     * @return a builder
     */
    public static Builder builder(ImageStore source, ImageStore target, Path journal) {
        return new Builder(source, target, journal);
    }

    /**
     * The store to serve from while the migration runs: adds go to the new store; reads, sizes
     * and deletes of an old location go to its verified copy when there is one, else to the old
     * store. Closing it closes neither store.
     *
     * @return the rolling store
     */
    public ImageStore rollingStore() {
        return new RollingReadStore(this);
    }

    /**
     * Where a source image's verified copy is.
     *
     * @param sourceLocation a location in the source store
     * @return the location in the target store, once copied and verified
     */
    public Optional<String> migratedLocation(String sourceLocation) {
        return journal.copy(sourceLocation).map(MigrationJournal.Copy::target);
    }

    /**
     * Whether the source copy of an image has been deleted by this migration.
     *
     * @param sourceLocation a location in the source store
     * @return true if deleted
     */
    public boolean sourceDeleted(String sourceLocation) {
        return journal.sourceDeleted(sourceLocation);
    }

    ImageStore source() {
        return source;
    }

    ImageStore target() {
        return target;
    }

    /**
     * Moves the images not moved yet. Failures are reported per image and do not stop the run.
     *
     * @param images the images of the source store
     * @return what happened to each
     */
    public synchronized MigrationReport run(List<MigrationItem> images) {
        List<ImageOutcome> outcomes = new ArrayList<>();
        for (MigrationItem item : images) {
            ImageOutcome o = copy(item);
            outcomes.add(mode == Mode.ROLLING ? finish(o, true) : o);
        }
        if (mode == Mode.LEGACY) {
            if (catalog != null) {
                outcomes.replaceAll(o -> finish(o, false));
            }
            if (deleteSources) {
                boolean all = outcomes.stream().allMatch(o -> o.status() != Status.FAILED);
                if (all) {
                    outcomes.replaceAll(this::retire);
                } else {
                    LOG.warn("legacy migration: some images failed; no source deleted");
                }
            }
        }
        return new MigrationReport(outcomes);
    }

    /** Registers a copied image with the catalog and, in rolling mode, retires its source. */
    private ImageOutcome finish(ImageOutcome o, boolean retire) {
        if (o.status() == Status.FAILED) {
            return o;
        }
        ImageOutcome registered = catalog == null ? o : register(o);
        return retire && deleteSources ? retire(registered) : registered;
    }

    private ImageOutcome copy(MigrationItem item) {
        String loc = item.location();
        String imageId = item.imageId();
        try {
            if (imageId == null) {
                imageId = source.location(loc).imageId();
            }
            Optional<MigrationJournal.Copy> done = journal.copy(loc);
            if (done.isPresent()) {
                return outcome(imageId, loc, done.get().target(), Status.ALREADY_COPIED, null);
            }
            AddResult r = verifiedCopy(imageId, item);
            journal.recordCopy(MigrationJournal.Copy.of(loc, r));
            LOG.info("copied image {} to {}", imageId, Locations.mask(r.location()));
            return outcome(imageId, loc, r.location(), Status.COPIED, null);
        } catch (GlanceStoreException e) {
            LOG.warn("image {} not migrated: {}", imageId, e.getMessage());
            return outcome(imageId, loc, null, Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * A verified copy: the one an interrupted run added, once read back; else the catalog's;
     * else a new one, after removing what an add killed halfway left.
     */
    private AddResult verifiedCopy(String imageId, MigrationItem item) {
        String loc = item.location();
        Optional<MigrationJournal.Copy> added = journal.added(loc);
        if (added.isPresent()) {
            AddResult r = added.get().result();
            try {
                ImageCopier.readBack(target, r);
                return r;
            } catch (GlanceStoreException e) {
                LOG.warn("image {}: the copy an interrupted run added does not read back ({}); copying again",
                        imageId, e.getMessage());
                deleteQuietly(target, r.location());
                journal.recordAborted(loc);
            }
        }
        boolean interrupted = journal.pending(loc) == MigrationJournal.Pending.COPYING;
        journal.recordCopying(loc);
        try {
            Optional<AddResult> own = catalog == null ? Optional.empty()
                    : catalog.copyOf(imageId, loc, item.expected());
            if (own.isPresent()) {
                journal.recordAdded(MigrationJournal.Copy.of(loc, own.get()));
                ImageCopier.readBack(target, own.get());
                return own.get();
            }
            if (interrupted) {
                InterruptedAdds.discard(target, imageId);
            }
            return copier.copy(source, loc, target, imageId, item.expected(),
                    r -> journal.recordAdded(MigrationJournal.Copy.of(loc, r)));
        } catch (GlanceStoreException e) {
            // The copier leaves nothing behind when it fails: the add is over.
            journal.recordAborted(loc);
            throw e;
        }
    }

    private ImageOutcome register(ImageOutcome o) {
        if (journal.registered(o.source())) {
            return with(o, o.sourceDeleted(), true, null);
        }
        try {
            AddResult copy = journal.copy(o.source()).orElseThrow().result();
            if (!catalog.listsLocation(o.imageId(), copy.location())) {
                catalog.addLocation(o.imageId(), copy);
                if (!catalog.listsLocation(o.imageId(), copy.location())) {
                    throw new BackendException("the catalog does not list " + Locations.mask(copy.location())
                            + " after adding it");
                }
            }
            journal.recordRegistered(o.source());
            LOG.info("image {}: the catalog lists {}", o.imageId(), Locations.mask(copy.location()));
            return with(o, o.sourceDeleted(), true, null);
        } catch (GlanceStoreException e) {
            LOG.warn("image {} copied, but not registered: {}", o.imageId(), e.getMessage());
            return failed(o, "copied, but adding its location to the catalog failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Deletes the source, or with a catalog removes its location, once the copy is safe. */
    private ImageOutcome retire(ImageOutcome o) {
        if (o.status() == Status.FAILED || journal.sourceDeleted(o.source())) {
            return o.sourceDeleted() || o.status() == Status.FAILED ? o : with(o, true, o.registered(), null);
        }
        try {
            boolean gone = false;
            if (catalog != null) {
                String copy = journal.copy(o.source()).orElseThrow().target();
                if (!catalog.listsLocation(o.imageId(), copy)) {
                    throw new BackendException("the catalog no longer lists the copy " + Locations.mask(copy)
                            + "; the source location is kept");
                }
                pause(retireDelay);
                gone = catalog.removeLocation(o.imageId(), o.source());
            }
            if (!gone) {
                try {
                    source.delete(o.source());
                } catch (io.glancestore.exception.NotFoundException deletedBefore) {
                    // deleted by an earlier run that stopped before recording it
                }
            }
        } catch (GlanceStoreException e) {
            return catalog != null ? failed(o, "copied, but removing the old location failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage())
                    : with(o, false, o.registered(), "copied, but deleting the source failed: " + e.getMessage());
        }
        journal.recordDeleted(o.source());
        return with(o, true, o.registered(), null);
    }

    private ImageOutcome outcome(String imageId, String loc, String target, Status status, String message) {
        return new ImageOutcome(imageId, loc, target, status, journal.sourceDeleted(loc), journal.registered(loc),
                message);
    }

    private static ImageOutcome with(ImageOutcome o, boolean sourceDeleted, boolean registered, String message) {
        return new ImageOutcome(o.imageId(), o.source(), o.target(), o.status(), sourceDeleted, registered, message);
    }

    private static ImageOutcome failed(ImageOutcome o, String message) {
        return new ImageOutcome(o.imageId(), o.source(), o.target(), Status.FAILED, o.sourceDeleted(), o.registered(),
                message);
    }

    private static void deleteQuietly(ImageStore store, String location) {
        try {
            store.delete(location);
        } catch (GlanceStoreException e) {
            LOG.debug("deleting {} failed: {}", Locations.mask(location), e.getMessage());
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted before removing an old location");
        }
    }

    /** Closes the journal; the stores stay open. */
    @Override
    public void close() {
        journal.close();
    }

    @Override
    public String toString() {
        return "StoreMigration{" + source.id() + " -> " + target.id() + ", mode=" + mode + "}";
    }

    /** Configures a {@link StoreMigration}. */
    public static final class Builder {
        private final ImageStore source;
        private final ImageStore target;
        private final Path journal;
        private Mode mode = Mode.ROLLING;
        private boolean deleteSources;
        private ImageCopier copier = ImageCopier.builder().readBack(true).build();
        private MigrationCatalog catalog;
        private Duration retireDelay;

        private Builder(ImageStore source, ImageStore target, Path journal) {
            this.source = Objects.requireNonNull(source, "source");
            this.target = Objects.requireNonNull(target, "target");
            this.journal = Objects.requireNonNull(journal, "journal");
        }

        /**
         * Chooses rolling (default) or legacy mode.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Deletes each source image once its copy is verified (default: keep them). With a
         * catalog, removes each old location from the catalog instead, once the copy is listed.
         *
         * @param delete whether to delete
         * @return this builder
         */
        public Builder deleteSources(boolean delete) {
            this.deleteSources = delete;
            return this;
        }

        /**
         * Uses a copier of one's own (the default reads every copy back).
         *
         * @param copier the copier
         * @return this builder
         */
        public Builder copier(ImageCopier copier) {
            this.copier = Objects.requireNonNull(copier, "copier");
            return this;
        }

        /**
         * Moves a catalog of the images (Glance's image records) along with their data; see
         * {@link MigrationCatalog}.
         *
         * @param catalog the catalog
         * @return this builder
         */
        public Builder catalog(MigrationCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * How long an old location stays listed after its copy is: reads that looked the image
         * up just before it changed still find their data. Default: 2 s in rolling mode with a
         * catalog, else none.
         *
         * @param delay the delay
         * @return this builder
         */
        public Builder retireDelay(Duration delay) {
            if (Objects.requireNonNull(delay, "delay").isNegative()) {
                throw new IllegalArgumentException("retireDelay must not be negative");
            }
            this.retireDelay = delay;
            return this;
        }

        /**
         * Opens the journal (resuming an earlier run) and builds the migration.
         *
         * @return the migration; close it
         */
        public StoreMigration build() {
            return new StoreMigration(this);
        }
    }
}
