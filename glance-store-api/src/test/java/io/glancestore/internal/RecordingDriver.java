package io.glancestore.internal;

import io.glancestore.Capability;
import io.glancestore.memory.MemoryLocation;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A driver that records what the API layer asks of it, with injectable faults. */
final class RecordingDriver implements StoreDriver {

    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    Set<Capability> capabilities = EnumSet.allOf(Capability.class);
    int chunkSize = 4096;
    /** Fail the write once this many bytes have been written (-1: never). */
    long failWriteAfter = -1;
    boolean failCommit;
    /** Threads that called write. */
    final Set<Thread> writers = ConcurrentHashMap.newKeySet();
    /** Bytes the read stream really delivers, to simulate a backend that ends early (-1: all). */
    long truncateReadsTo = -1;

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public int writeChunkSize() {
        return chunkSize;
    }

    @Override
    public StoreLocation parseLocation(String uri) {
        return MemoryLocation.parse(uri);
    }

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) {
        events.add("open " + imageId + " " + sizeHint);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new WriteSession() {
            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                if (failWriteAfter >= 0 && buffer.size() + length > failWriteAfter) {
                    throw new IOException("injected write failure");
                }
                buffer.write(data, offset, length);
                writers.add(Thread.currentThread());
            }

            @Override
            public void prepareCommit(long size) {
                events.add("prepare " + imageId + " " + size + " " + buffer.size());
            }

            @Override
            public WrittenImage commit(long size) throws IOException {
                events.add("commit " + imageId + " " + size);
                if (failCommit) {
                    throw new IOException("injected commit failure");
                }
                stored.put(imageId, buffer.toByteArray());
                return new WrittenImage(MemoryLocation.of("rec", imageId), Map.of("driver", "recording"));
            }

            @Override
            public void abort() {
                events.add("abort " + imageId);
            }
        };
    }

    @Override
    public long size(StoreLocation location) {
        byte[] data = stored.get(((MemoryLocation) location).imageId());
        if (data == null) {
            throw new io.glancestore.exception.NotFoundException("no image at " + location);
        }
        return data.length;
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) {
        byte[] data = stored.get(((MemoryLocation) location).imageId());
        long end = truncateReadsTo >= 0 ? Math.min(offset + length, truncateReadsTo) : offset + length;
        return new ByteArrayInputStream(Arrays.copyOfRange(data, (int) offset, (int) Math.max(offset, end)));
    }

    @Override
    public void delete(StoreLocation location) {
        events.add("delete " + location);
        stored.remove(((MemoryLocation) location).imageId());
    }

    @Override
    public void close() {
        events.add("close");
    }
}
