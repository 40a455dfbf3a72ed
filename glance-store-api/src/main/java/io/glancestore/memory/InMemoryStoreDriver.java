package io.glancestore.memory;

import io.glancestore.Capability;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** The driver behind {@link InMemoryStore}: images as lists of fixed-size byte blocks. */
final class InMemoryStoreDriver implements StoreDriver {

    // Well under half a G1 region, so blocks are not humongous objects that waste heap.
    private static final int BLOCK = 256 << 10;

    /** Bytes the store may hold. */
    static final StoreOption<Long> CAPACITY = StoreOption.integer("memory_store_capacity", Long.MAX_VALUE, 0,
            Long.MAX_VALUE).describedAs("bytes the store may hold; unbounded by default");

    /** Every option the driver reads. */
    static final List<StoreOption<?>> OPTIONS = List.of(CAPACITY);

    private final String storeId;
    private final long capacity;
    private final AtomicLong used = new AtomicLong();
    private final ConcurrentMap<String, Image> images = new ConcurrentHashMap<>();

    private InMemoryStoreDriver(String storeId, long capacity) {
        this.storeId = storeId;
        this.capacity = capacity;
    }

    /**
     * Opens an empty store.
     *
     * @param options the backend's options
     * @return the driver
     */
    static InMemoryStoreDriver open(StoreOptions options) {
        return new InMemoryStoreDriver(options.storeId(), CAPACITY.read(options));
    }

    /**
     * Checks the options as {@link #open} reads them.
     *
     * @param options the backend's options
     */
    static void validate(StoreOptions options) {
        CAPACITY.read(options);
    }

    @Override
    public String type() {
        return MemoryLocation.SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public String checkConnection() {
        return "in memory, " + used.get() + " of " + (capacity == Long.MAX_VALUE ? "unbounded" : capacity + " bytes")
                + " used";
    }

    @Override
    public StoreLocation parseLocation(String uri) {
        MemoryLocation loc = MemoryLocation.parse(uri);
        if (!loc.storeId().equals(storeId)) {
            throw new BadStoreUriException("location " + loc + " belongs to memory store '" + loc.storeId()
                    + "', not '" + storeId + "'");
        }
        return loc;
    }

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) {
        if (images.containsKey(imageId)) {
            throw new DuplicateException("image " + imageId + " already exists in memory store '" + storeId + "'");
        }
        return new Write(imageId);
    }

    @Override
    public long size(StoreLocation location) {
        return image(location).size;
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) {
        return new ImageInputStream(image(location).blocks, offset, length);
    }

    @Override
    public void delete(StoreLocation location) {
        Image removed = images.remove(((MemoryLocation) location).imageId());
        if (removed == null) {
            throw new NotFoundException("no image at " + location);
        }
        used.addAndGet(-removed.size);
    }

    @Override
    public void close() {
        images.clear();
        used.set(0);
    }

    private Image image(StoreLocation location) {
        Image image = images.get(((MemoryLocation) location).imageId());
        if (image == null) {
            throw new NotFoundException("no image at " + location);
        }
        return image;
    }

    private static final class Image {
        final List<byte[]> blocks;
        final long size;

        Image(List<byte[]> blocks, long size) {
            this.blocks = blocks;
            this.size = size;
        }
    }

    private final class Write implements WriteSession {
        private final String imageId;
        private final List<byte[]> blocks = new ArrayList<>();
        private long size;
        private boolean published;

        Write(String imageId) {
            this.imageId = imageId;
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            if (used.addAndGet(length) > capacity) {
                used.addAndGet(-length);
                throw new StorageFullException("memory store '" + storeId + "' is full (capacity "
                        + capacity + " bytes)");
            }
            int done = 0;
            while (done < length) {
                int inBlock = (int) (size % BLOCK);
                if (inBlock == 0) {
                    blocks.add(new byte[BLOCK]);
                }
                int n = Math.min(length - done, BLOCK - inBlock);
                System.arraycopy(data, offset + done, blocks.get(blocks.size() - 1), inBlock, n);
                done += n;
                size += n;
            }
        }

        @Override
        public WrittenImage commit(long total) {
            if (images.putIfAbsent(imageId, new Image(blocks, size)) != null) {
                throw new DuplicateException("image " + imageId + " already exists in memory store '" + storeId + "'");
            }
            published = true;
            return WrittenImage.at(MemoryLocation.of(storeId, imageId));
        }

        @Override
        public void abort() {
            if (!published) {
                used.addAndGet(-size);
                size = 0;
                blocks.clear();
            }
        }
    }

    /** Reads a range of an image's blocks. */
    private static final class ImageInputStream extends InputStream {
        private final List<byte[]> blocks;
        private long position;
        private final long end;

        ImageInputStream(List<byte[]> blocks, long offset, long length) {
            this.blocks = blocks;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            if (position >= end) {
                return -1;
            }
            byte b = blocks.get((int) (position / BLOCK))[(int) (position % BLOCK)];
            position++;
            return b & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int inBlock = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(len, BLOCK - inBlock), end - position);
            System.arraycopy(blocks.get((int) (position / BLOCK)), inBlock, b, off, n);
            position += n;
            return n;
        }
    }
}
