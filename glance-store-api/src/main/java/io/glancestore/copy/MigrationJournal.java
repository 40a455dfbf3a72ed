package io.glancestore.copy;

import io.glancestore.exception.BackendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The persistent state of a migration: an append-only file with one line per verified copy and
 * per deleted source, forced to disk before the next step, so a migration interrupted at any
 * point resumes where it stopped. A torn last line (a crash mid-append) is ignored. The file
 * holds locations, which may carry credentials: it is created readable by its owner only.
 */
final class MigrationJournal implements AutoCloseable {

    private static final String COPIED = "copied";
    private static final String DELETED = "deleted";

    /** A verified copy. */
    record Copy(String source, String target, long size, String md5, String hashAlgorithm, String multihash) {
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    private MigrationJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static MigrationJournal open(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // resuming
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            MigrationJournal j = new MigrationJournal(file, FileChannel.open(file, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
            j.load();
            return j;
        } catch (IOException e) {
            throw new BackendException("cannot open migration journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split("\t", -1);
            if (f[0].equals(COPIED) && f.length == 7) {
                copies.put(f[1], new Copy(f[1], f[2], Long.parseLong(f[3]), f[4], f[5], f[6]));
            } else if (f[0].equals(DELETED) && f.length == 2) {
                deleted.add(f[1]);
            }
        }
    }

    Optional<Copy> copy(String sourceLocation) {
        return Optional.ofNullable(copies.get(sourceLocation));
    }

    boolean sourceDeleted(String sourceLocation) {
        return deleted.contains(sourceLocation);
    }

    Map<String, Copy> copies() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(copies));
    }

    synchronized void recordCopy(Copy c) {
        append(String.join("\t", COPIED, c.source(), c.target(), Long.toString(c.size()), c.md5(),
                c.hashAlgorithm(), c.multihash()));
        copies.put(c.source(), c);
    }

    synchronized void recordDeleted(String sourceLocation) {
        append(DELETED + "\t" + sourceLocation);
        deleted.add(sourceLocation);
    }

    private void append(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("journal fields must not contain line breaks");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new BackendException("cannot write migration journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new BackendException("cannot close migration journal " + file, e);
        }
    }
}
