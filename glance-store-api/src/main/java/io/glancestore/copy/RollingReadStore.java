package io.glancestore.copy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.exception.NotFoundException;
import io.glancestore.location.StoreLocation;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/** The store a rolling migration serves from; see {@link StoreMigration#rollingStore()}. */
final class RollingReadStore implements ImageStore {

    private final StoreMigration migration;

    RollingReadStore(StoreMigration migration) {
        this.migration = migration;
    }

    @Override
    public String id() {
        return migration.target().id();
    }

    @Override
    public String type() {
        return migration.target().type();
    }

    @Override
    public Set<Capability> capabilities() {
        return migration.target().capabilities();
    }

    @Override
    public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
        return migration.target().add(imageId, data, size, options);
    }

    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        Optional<String> copy = copyOf(location);
        if (copy.isPresent()) {
            try {
                return migration.target().get(copy.get(), offset, length, options);
            } catch (NotFoundException e) {
                if (migration.sourceDeleted(location)) {
                    throw e;
                }
            }
        }
        return owner(location).get(location, offset, length, options);
    }

    @Override
    public long size(String location) {
        Optional<String> copy = copyOf(location);
        if (copy.isPresent()) {
            try {
                return migration.target().size(copy.get());
            } catch (NotFoundException e) {
                if (migration.sourceDeleted(location)) {
                    throw e;
                }
            }
        }
        return owner(location).size(location);
    }

    @Override
    public void delete(String location) {
        Optional<String> copy = copyOf(location);
        if (copy.isEmpty()) {
            owner(location).delete(location);
            return;
        }
        try {
            migration.target().delete(copy.get());
        } catch (NotFoundException ignored) {
            // the copy is gone already; the source decides
        }
        if (!migration.sourceDeleted(location)) {
            try {
                migration.source().delete(location);
            } catch (NotFoundException ignored) {
                // gone too
            }
        }
    }

    @Override
    public boolean handles(String location) {
        return migration.target().handles(location) || migration.source().handles(location);
    }

    @Override
    public StoreLocation location(String location) {
        return owner(location).location(location);
    }

    private Optional<String> copyOf(String location) {
        if (migration.target().handles(location)) {
            return Optional.empty();
        }
        return migration.migratedLocation(location);
    }

    private ImageStore owner(String location) {
        return migration.target().handles(location) ? migration.target() : migration.source();
    }

    @Override
    public void close() {
        // the stores belong to the caller
    }

    @Override
    public String toString() {
        return "RollingReadStore{" + migration + "}";
    }
}
