package io.glancestore.tck;

import io.glancestore.Capability;
import io.glancestore.location.StoreLocation;
import io.glancestore.memory.InMemoryStoreProvider;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A driver that can only read whole images: it delegates everything to another driver but its
 * capabilities, which lose every kind of ranged read. Contract runs on it check that the API
 * layer (and any layer above it) refuses ranged reads before they reach such a driver: a ranged
 * read that gets here fails with an {@link AssertionError}.
 */
public final class SequentialOnlyDriver implements StoreDriver {
    private final StoreDriver delegate;

    /**
     * Wraps a driver.
     *
     * @param delegate the driver that does the work
     */
    public SequentialOnlyDriver(StoreDriver delegate) {
        this.delegate = delegate;
    }

    /**
     * The in-memory driver without ranged reads.
     *
     * @return a new driver holding its images in memory
     */
    public static SequentialOnlyDriver inMemory() {
        return new SequentialOnlyDriver(new InMemoryStoreProvider().create(StoreOptions.of("memory", Map.of())));
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.copyOf(delegate.capabilities());
        capabilities.removeAll(EnumSet.of(Capability.READ_RANDOM, Capability.READ_OFFSET, Capability.READ_CHUNK));
        return capabilities;
    }

    @Override
    public int writeChunkSize() {
        return delegate.writeChunkSize();
    }

    @Override
    public StoreLocation parseLocation(String uri) {
        return delegate.parseLocation(uri);
    }

    @Override
    public boolean handles(String uri) {
        return delegate.handles(uri);
    }

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) throws IOException {
        return delegate.openWrite(imageId, sizeHint);
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        return delegate.size(location);
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) throws IOException {
        if (offset != 0 || length != delegate.size(location)) {
            // The API layer must have refused this already; fail loudly if it did not.
            throw new AssertionError("ranged read reached a driver without ranged reads: offset "
                    + offset + ", length " + length);
        }
        return delegate.openRead(location, offset, length);
    }

    @Override
    public void delete(StoreLocation location) throws IOException {
        delegate.delete(location);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
