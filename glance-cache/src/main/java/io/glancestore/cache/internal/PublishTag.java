package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * The record a published file carries itself, in an extended attribute
 * ({@code user.glance-cache}): its size and the hashes it was published with. It lets a ledger
 * that was lost be rebuilt from the folder without trusting any file: a file is adopted only
 * when its content hashes to what its tag says, and a file without a tag (put there by someone
 * else) is never adopted. On a file system without user extended attributes nothing is tagged,
 * and a lost ledger loses the cached copies (they are quarantined, never served unverified).
 */
final class PublishTag {

    private static final String NAME = "glance-cache";
    private static final String VERSION = "v1";

    private PublishTag() {
    }

    /** Tags a file about to be published; quietly does nothing where tags are not supported. */
    static void write(Path file, CachedEntry entry) {
        String value = VERSION + " " + entry.size() + " " + entry.md5() + " " + entry.algorithm() + " "
                + entry.multihash();
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            if (view != null) {
                view.write(NAME, ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // the ledger is the record; the tag only helps rebuild a lost one
        }
    }

    /**
     * Reads the tag of a file as an entry without identity (not verified yet).
     *
     * @param file the file (a link is not followed: it has no tag of ours)
     * @param id the image id
     * @param lastAccess the access time to give it
     * @param cachedAt when it was published
     * @return the entry, or {@code null} when the file has no well-formed tag
     */
    static CachedEntry read(Path file, String id, long lastAccess, long cachedAt) {
        try {
            if (Files.isSymbolicLink(file)) {
                return null;
            }
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            if (view == null || !view.list().contains(NAME)) {
                return null;
            }
            int size = view.size(NAME);
            if (size <= 0 || size > 1024) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate(size);
            view.read(NAME, buf);
            String[] f = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).split(" ");
            if (f.length != 5 || !f[0].equals(VERSION) || Digests.parseHexOrNull(f[2]) == null
                    || Digests.parseHexOrNull(f[4]) == null) {
                return null;
            }
            return new CachedEntry(id, Long.parseLong(f[1]), 0, lastAccess, cachedAt, f[2], Digests.glanceName(f[3]),
                    f[4], null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
