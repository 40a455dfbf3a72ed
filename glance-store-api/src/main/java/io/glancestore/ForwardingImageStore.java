package io.glancestore;

import io.glancestore.location.StoreLocation;
import java.io.InputStream;
import java.util.Objects;
import java.util.Set;

/**
 * An image store that forwards every call to another one. It is the base of the stores each
 * driver artifact offers under its own name (a {@code FileStore}, an {@code RbdStore}, ...):
 * they build their store with {@link ImageStores} and add only what is particular to them. It
 * also serves users who wrap a store to observe or adjust some of its calls: override those,
 * the others still reach the wrapped store.
 */
public abstract class ForwardingImageStore implements ImageStore {

    private final ImageStore delegate;

    /**
     * Forwards to a store.
     *
     * @param delegate the store every call goes to
     */
    protected ForwardingImageStore(ImageStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The store every call goes to.
     *
     * @return the wrapped store
     */
    protected final ImageStore delegate() {
        return delegate;
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
