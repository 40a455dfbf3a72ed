package io.glancestore.cache.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The whole index in one file, entries from least to most recently used, so loading it restores
 * the LRU order by appending. Written to a temporary file, synced, then renamed over the old one:
 * a reader sees the old snapshot or the new one, never a mix. A CRC32 over the whole file
 * detects damage; a damaged snapshot is treated as missing and the index is rebuilt.
 *
 * <p>File: {@code int magic, int version, long coveredGeneration, int count}, then per entry
 * {@code id, long size, long hits, long lastAccess, long cachedAt, md5, algorithm, multihash}
 * (byte strings as {@code short length} + bytes, {@code -1} for none), then {@code int crc32}.
 */
final class IndexSnapshot {

    static final int MAGIC = 0x47434958; // "GCIX"
    static final int VERSION = 1;

    /** An immutable copy of an entry, taken under the cache's lock and written outside it. */
    record Entry(String id, long size, long hits, long lastAccess, long cachedAt,
            byte[] md5, String hashAlgorithm, byte[] multihash) {

        static Entry of(IndexEntry e) {
            return new Entry(e.id, e.size, e.hits, e.lastAccess, e.cachedAt, e.md5, e.hashAlgorithm, e.multihash);
        }
    }

    private IndexSnapshot() {
    }

    /**
     * Writes a snapshot atomically.
     *
     * @param file the snapshot file
     * @param coveredGeneration the newest journal generation whose records it includes
     * @param entries the entries, least recently used first
     * @return bytes written
     * @throws IOException on failure; the previous snapshot is then untouched
     */
    static long write(Path file, long coveredGeneration, List<Entry> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = Channels.newOutputStream(ch);
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(coveredGeneration);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                writeBytes(out, e.id().getBytes(StandardCharsets.UTF_8));
                out.writeLong(e.size());
                out.writeLong(e.hits());
                out.writeLong(e.lastAccess());
                out.writeLong(e.cachedAt());
                writeBytes(out, e.md5());
                writeBytes(out, e.hashAlgorithm() == null ? null : e.hashAlgorithm().getBytes(StandardCharsets.US_ASCII));
                writeBytes(out, e.multihash());
            }
            out.flush();
            // The CRC covers everything before it, so it is written past the checked stream.
            DataOutputStream tail = new DataOutputStream(raw);
            tail.writeInt((int) crc.getValue());
            tail.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(file);
    }

    /**
     * Reads a snapshot into an empty index.
     *
     * @param file the snapshot file
     * @param index receives the entries in order
     * @return the newest journal generation the snapshot includes
     * @throws IOException if the file is unreadable, damaged or not a snapshot; the index may
     *     then hold part of it and must be cleared
     */
    static long read(Path file, LruIndex index) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not an index snapshot");
            }
            long generation = in.readLong();
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("negative entry count");
            }
            for (int i = 0; i < count; i++) {
                String id = new String(readBytes(in, false), StandardCharsets.UTF_8);
                long size = in.readLong();
                long hits = in.readLong();
                long lastAccess = in.readLong();
                long cachedAt = in.readLong();
                byte[] md5 = readBytes(in, true);
                byte[] algo = readBytes(in, true);
                byte[] multihash = readBytes(in, true);
                if (size < 0 || hits < 0) {
                    throw new IOException("negative size or hits for entry " + i);
                }
                index.addMostRecent(new IndexEntry(id, size, hits, lastAccess, cachedAt, md5,
                        algo == null ? null : new String(algo, StandardCharsets.US_ASCII), multihash));
            }
            int expected = (int) crc.getValue();
            int stored = new DataInputStream(raw).readInt();
            if (stored != expected) {
                throw new IOException("checksum mismatch");
            }
            if (raw.read() != -1) {
                throw new IOException("trailing bytes");
            }
            return generation;
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeShort(-1);
        } else {
            out.writeShort(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in, boolean nullable) throws IOException {
        short n = in.readShort();
        if (n < 0) {
            if (nullable) {
                return null;
            }
            throw new IOException("missing id");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
