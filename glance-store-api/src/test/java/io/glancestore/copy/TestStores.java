package io.glancestore.copy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.location.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Store decorators that misbehave on purpose. */
final class TestStores {

    private TestStores() {
    }

    static byte[] read(ImageStore store, String location) {
        try (ImageData d = store.get(location)) {
            return d.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delegates everything; subclasses override what they break. */
    static class Forwarding implements ImageStore {
        final ImageStore delegate;

        Forwarding(ImageStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
            return delegate.add(imageId, data, size, options);
        }

        @Override
        public ImageData get(String location, long offset, long length, ReadOptions options) {
            return delegate.get(location, offset, length, options);
        }

        @Override
        public long size(String location) {
            return delegate.size(location);
        }

        @Override
        public void delete(String location) {
            delegate.delete(location);
        }

        @Override
        public boolean handles(String location) {
            return delegate.handles(location);
        }

        @Override
        public StoreLocation location(String location) {
            return delegate.location(location);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Serves stored images with their first byte flipped: storage that corrupts at rest. */
    static final class Corrupting extends Forwarding {
        Corrupting(ImageStore delegate) {
            super(delegate);
        }

        @Override
        public ImageData get(String location, long offset, long length, ReadOptions options) {
            byte[] bytes = read(delegate, location);
            bytes[0] ^= 1;
            return ImageData.of(new ByteArrayInputStream(bytes), 0, bytes.length, bytes.length);
        }
    }

    /** Fails adds once a budget is used up, like a server going away mid-migration. */
    static final class Failing extends Forwarding {
        final AtomicInteger addsLeft;

        Failing(ImageStore delegate, int adds) {
            super(delegate);
            this.addsLeft = new AtomicInteger(adds);
        }

        @Override
        public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
            if (addsLeft.getAndDecrement() <= 0) {
                throw new RemoteServiceUnavailableException("target went away");
            }
            return delegate.add(imageId, data, size, options);
        }
    }
}
