package io.glancestore.cache;

import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.ImageStores;
import io.glancestore.internal.DriverImageStore;
import io.glancestore.location.StoreLocation;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.WriteSession;
import io.glancestore.tck.ImageStoreContractTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache around a store that can only read whole images: ranged reads must be refused as the
 * store refuses them, even for an image the cache holds complete, since the cache declares the
 * store's capabilities.
 */
class CachingSequentialStoreContractTest extends ImageStoreContractTest {

    @TempDir
    Path cacheDir;

    @Override
    protected ImageStore createStore() {
        StoreDriver memory = ((DriverImageStore) InMemoryStore.create()).driver();
        ImageStore sequential = ImageStores.builder(new SequentialOnlyDriver(memory)).id("memory").build();
        return CachingImageStore.open(sequential, CacheFixture.config(cacheDir, 1L << 30).build());
    }

    @Override
    protected long largeImageSize() {
        return 64L * 1024 * 1024 + 4099;
    }

    /** The in-memory driver without any kind of ranged read. */
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
        public WriteSession openWrite(String imageId, long sizeHint) throws IOException {
            return delegate.openWrite(imageId, sizeHint);
        }

        @Override
        public long size(StoreLocation location) throws IOException {
            return delegate.size(location);
        }

        @Override
        public InputStream openRead(StoreLocation location, long offset, long length) throws IOException {
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
