package io.glancestore.tck;

import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.ImageStores;
import io.glancestore.internal.DriverImageStore;
import io.glancestore.location.StoreLocation;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.WriteSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * Runs the contract on a store that can only read whole images: the in-memory driver with
 * READ_RANDOM, READ_OFFSET and READ_CHUNK taken away, wrapped by the same API layer as every
 * real store. The ranged-read cases must show as skipped and the refusal cases must run.
 */
class SequentialReadStoreContractTest extends ImageStoreContractTest {

    @Override
    protected ImageStore createStore() {
        // The in-memory driver is not public; reach it through the store the SDK builds.
        StoreDriver memory = ((DriverImageStore) InMemoryStore.create()).driver();
        return ImageStores.builder(new SequentialOnlyDriver(memory)).id("memory").build();
    }

    /** The refusals are what this run is about; a modest large image keeps it quick. */
    @Override
    protected long largeImageSize() {
        return 64L * 1024 * 1024 + 4099;
    }

    /** Delegates everything but the capabilities, which lose every kind of ranged read. */
    private static final class SequentialOnlyDriver implements StoreDriver {
        private final StoreDriver delegate;

        SequentialOnlyDriver(StoreDriver delegate) {
            this.delegate = delegate;
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
}
