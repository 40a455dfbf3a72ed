package io.glancestore.cache.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The append-only log of index changes since the last snapshot: one small record per fill
 * published, per read served (so a hit costs one O(1) append to a memory buffer) and per image
 * removed. Records carry their length and a CRC32, so a record torn by a crash ends the replay
 * instead of corrupting the index. Not thread-safe: the cache appends under its lock.
 *
 * <p>File: {@code int magic, int version, long generation}, then records
 * {@code int length, payload, int crc32(payload)}, where the payload starts with a type byte.
 */
final class IndexJournal implements AutoCloseable {

    static final int MAGIC = 0x47434a4c; // "GCJL"
    static final int VERSION = 1;
    static final byte PUT = 1;
    static final byte TOUCH = 2;
    static final byte REMOVE = 3;
    private static final int HEADER = 16;
    private static final int MAX_RECORD = 4096;
    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final long generation;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final CRC32 crc = new CRC32();
    private long written;
    private IOException failure;

    private IndexJournal(Path file, long generation, FileChannel channel, long written) {
        this.file = file;
        this.generation = generation;
        this.channel = channel;
        this.written = written;
    }

    /** A journal that could not be created: it drops every record until the next snapshot. */
    static IndexJournal broken(Path file, long generation, IOException cause) {
        IndexJournal j = new IndexJournal(file, generation, null, 0);
        j.failure = cause;
        return j;
    }

    /**
     * Creates a new, empty journal.
     *
     * @param file the file, which must not exist
     * @param generation the journal's generation
     * @return the journal
     * @throws IOException if it cannot be created
     */
    static IndexJournal create(Path file, long generation) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).putLong(generation).flip();
            while (header.hasRemaining()) {
                ch.write(header);
            }
            return new IndexJournal(file, generation, ch, HEADER);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    long generation() {
        return generation;
    }

    /** Bytes in the journal, buffered ones included. */
    long size() {
        return written + buffer.position();
    }

    /** Whether a write failed; the cache then replaces the journal with a snapshot. */
    boolean failed() {
        return failure != null;
    }

    void put(IndexEntry e) {
        int start = begin(PUT);
        if (start < 0) {
            return;
        }
        putBytes(e.idBytes);
        buffer.putLong(e.size).putLong(e.hits).putLong(e.lastAccess).putLong(e.cachedAt);
        putBytes(e.md5);
        putBytes(e.hashAlgorithm == null ? null : e.hashAlgorithm.getBytes(StandardCharsets.US_ASCII));
        putBytes(e.multihash);
        end(start);
    }

    void touch(IndexEntry e) {
        int start = begin(TOUCH);
        if (start < 0) {
            return;
        }
        putBytes(e.idBytes);
        buffer.putLong(e.lastAccess);
        end(start);
    }

    void remove(String id) {
        int start = begin(REMOVE);
        if (start < 0) {
            return;
        }
        putBytes(id.getBytes(StandardCharsets.UTF_8));
        end(start);
    }

    private int begin(byte type) {
        if (failure != null) {
            return -1;
        }
        if (buffer.remaining() < MAX_RECORD) {
            flush();
            if (failure != null) {
                return -1;
            }
        }
        int start = buffer.position();
        buffer.putInt(0).put(type);
        return start;
    }

    private void putBytes(byte[] b) {
        if (b == null) {
            buffer.putShort((short) -1);
        } else {
            buffer.putShort((short) b.length).put(b);
        }
    }

    private void end(int start) {
        int payload = buffer.position() - start - 4;
        buffer.putInt(start, payload);
        crc.reset();
        crc.update(buffer.array(), start + 4, payload);
        buffer.putInt((int) crc.getValue());
    }

    /** Writes buffered records to the file (the page cache: no fsync, the index is advisory). */
    void flush() {
        if (failure != null || buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                written += channel.write(buffer);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            buffer.clear();
        }
    }

    IOException failure() {
        return failure;
    }

    @Override
    public void close() {
        flush();
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /** What a replay hands over for each record. */
    interface Visitor {
        void put(String id, long size, long hits, long lastAccess, long cachedAt,
                byte[] md5, String hashAlgorithm, byte[] multihash);

        void touch(String id, long lastAccess);

        void remove(String id);
    }

    /**
     * Replays a journal file up to its end or its first damaged record.
     *
     * @param in the file's bytes
     * @param visitor receives the records
     * @return the journal's generation
     * @throws IOException if the header is not a journal's
     */
    static long replay(InputStream in, Visitor visitor) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long generation;
        try {
            if (data.readInt() != MAGIC || data.readInt() != VERSION) {
                throw new IOException("not an index journal");
            }
            generation = data.readLong();
        } catch (EOFException e) {
            throw new IOException("index journal header is truncated", e);
        }
        CRC32 check = new CRC32();
        byte[] payload = new byte[MAX_RECORD];
        while (true) {
            int length;
            int crcValue;
            try {
                length = data.readInt();
                if (length < 1 || length > MAX_RECORD) {
                    return generation;
                }
                data.readFully(payload, 0, length);
                crcValue = data.readInt();
            } catch (EOFException e) {
                return generation; // torn tail: the records before it stand
            }
            check.reset();
            check.update(payload, 0, length);
            if ((int) check.getValue() != crcValue) {
                return generation;
            }
            ByteBuffer r = ByteBuffer.wrap(payload, 0, length);
            try {
                byte type = r.get();
                String id = string(r);
                if (type == PUT) {
                    long size = r.getLong();
                    long hits = r.getLong();
                    long lastAccess = r.getLong();
                    long cachedAt = r.getLong();
                    byte[] md5 = bytes(r);
                    String algo = string(r);
                    byte[] multihash = bytes(r);
                    visitor.put(id, size, hits, lastAccess, cachedAt, md5, algo, multihash);
                } else if (type == TOUCH) {
                    visitor.touch(id, r.getLong());
                } else if (type == REMOVE) {
                    visitor.remove(id);
                } else {
                    return generation;
                }
            } catch (RuntimeException e) {
                return generation; // a record whose CRC matched but whose fields do not parse
            }
        }
    }

    private static byte[] bytes(ByteBuffer r) {
        short n = r.getShort();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        r.get(b);
        return b;
    }

    private static String string(ByteBuffer r) {
        byte[] b = bytes(r);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover journal of an older generation is ignored on the next open.
        }
    }
}
