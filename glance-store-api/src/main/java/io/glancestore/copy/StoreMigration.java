package io.glancestore.copy;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.copy.MigrationReport.ImageOutcome;
import io.glancestore.copy.MigrationReport.Status;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.location.Locations;
import java.nio.file.Path;
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
 *       its copy is verified, from the old one until then; images are copied one by one and,
 *       when asked, each source is deleted right after its copy is verified.
 *   <li>{@link Mode#LEGACY}: an offline bulk copy. Every image is copied and verified first;
 *       sources are deleted, when asked, only if every image made it.
 * </ul>
 *
 * <p>Progress is kept in a journal file: a run that is interrupted (crash, kill, lost server)
 * resumes with the next image on the next {@link #run(List)} with the same journal. A source is
 * never deleted before its copy has been verified (hashes on arrival and, by default, a full
 * read-back of the copy). Thread-safe; one run at a time.
 */
public final class StoreMigration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMigration.class);

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
    private final MigrationJournal journal;

    private StoreMigration(Builder b) {
        this.source = b.source;
        this.target = b.target;
        this.mode = b.mode;
        this.deleteSources = b.deleteSources;
        this.copier = b.copier;
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
     * Copies the images not copied yet. Failures are reported per image and do not stop the run.
     *
     * @param images the images of the source store
     * @return what happened to each
     */
    public synchronized MigrationReport run(List<MigrationItem> images) {
        List<ImageOutcome> outcomes = new ArrayList<>();
        for (MigrationItem item : images) {
            outcomes.add(migrate(item));
        }
        if (mode == Mode.LEGACY && deleteSources) {
            boolean all = outcomes.stream().allMatch(o -> o.status() != Status.FAILED);
            List<ImageOutcome> after = new ArrayList<>();
            for (ImageOutcome o : outcomes) {
                after.add(all ? deleteSource(o) : o);
            }
            if (!all) {
                LOG.warn("legacy migration: some images failed; no source deleted");
            }
            outcomes = after;
        }
        return new MigrationReport(outcomes);
    }

    private ImageOutcome migrate(MigrationItem item) {
        String loc = item.location();
        String imageId = null;
        try {
            imageId = source.location(loc).imageId();
            Optional<MigrationJournal.Copy> done = journal.copy(loc);
            if (done.isPresent()) {
                ImageOutcome o = new ImageOutcome(imageId, loc, done.get().target(), Status.ALREADY_COPIED,
                        journal.sourceDeleted(loc), null);
                return mode == Mode.ROLLING && deleteSources ? deleteSource(o) : o;
            }
            AddResult r = copier.copy(source, loc, target, item.expected());
            journal.recordCopy(new MigrationJournal.Copy(loc, r.location(), r.size(), r.checksum(),
                    r.hashAlgorithm(), r.multihash()));
            LOG.info("migrated image {} to {}", imageId, Locations.mask(r.location()));
            ImageOutcome o = new ImageOutcome(imageId, loc, r.location(), Status.COPIED, false, null);
            return mode == Mode.ROLLING && deleteSources ? deleteSource(o) : o;
        } catch (GlanceStoreException e) {
            LOG.warn("image {} not migrated: {}", imageId, e.getMessage());
            return new ImageOutcome(imageId, loc, null, Status.FAILED, false,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ImageOutcome deleteSource(ImageOutcome o) {
        if (o.status() == Status.FAILED || journal.sourceDeleted(o.source())) {
            return o;
        }
        try {
            source.delete(o.source());
        } catch (io.glancestore.exception.NotFoundException gone) {
            // deleted by an earlier run that stopped before recording it
        } catch (GlanceStoreException e) {
            return new ImageOutcome(o.imageId(), o.source(), o.target(), o.status(), false,
                    "copied, but deleting the source failed: " + e.getMessage());
        }
        journal.recordDeleted(o.source());
        return new ImageOutcome(o.imageId(), o.source(), o.target(), o.status(), true, null);
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
         * Deletes each source image once its copy is verified (default: keep them).
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
         * Opens the journal (resuming an earlier run) and builds the migration.
         *
         * @return the migration; close it
         */
        public StoreMigration build() {
            return new StoreMigration(this);
        }
    }
}
