package io.glancestore.copy;

import io.glancestore.AddResult;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The persistent state of a migration: an append-only file with one line per step of each
 * image, forced to disk before the next step, so a migration interrupted at any point resumes
 * where it stopped. Per source location the last line of each kind tells the state:
 * {@code copying} (an add was started), {@code added} (the add ended; not yet read back),
 * {@code aborted} (the add failed and left nothing), {@code copied} (verified), {@code registered}
 * (the catalog lists the copy), {@code deleted} (the source is gone). A torn last line (a crash
 * mid-append) is ignored; lines of unknown kinds too. The file holds locations, which may carry
 * credentials: it is created readable by its owner only.
 */
final class MigrationJournal implements AutoCloseable {

    private static final String COPYING = "copying";
    private static final String ADDED = "added";
    private static final String ABORTED = "aborted";
    private static final String COPIED = "copied";
    private static final String REGISTERED = "registered";
    private static final String DELETED = "deleted";

    /** A copy, verified ({@code copied}) or only added. */
    record Copy(String source, String target, long size, String md5, String hashAlgorithm, String multihash) {

        static Copy of(String source, AddResult r) {
            return new Copy(source, r.location(), r.size(), r.checksum(), r.hashAlgorithm(), r.multihash());
        }

        AddResult result() {
            return new AddResult(target, size, md5, multihash, hashAlgorithm, Map.of());
        }
    }

    /** Where an unverified copy stands. */
    enum Pending {
        /** No add in progress. */
        NONE,
        /** An add was started and never ended: it may have left a partial image. */
        COPYING,
        /** An add ended; its copy is not read back yet. */
        ADDED
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Copy> added = new ConcurrentHashMap<>();
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
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
            if ((f[0].equals(COPIED) || f[0].equals(ADDED)) && f.length == 7) {
                apply(f[0], f[1], new Copy(f[1], f[2], Long.parseLong(f[3]), f[4], f[5], f[6]));
            } else if (f.length == 2) {
                apply(f[0], f[1], null);
            }
        }
    }

    private void apply(String kind, String source, Copy copy) {
        switch (kind) {
            case COPYING:
                pending.put(source, Pending.COPYING);
                break;
            case ADDED:
                pending.put(source, Pending.ADDED);
                added.put(source, copy);
                break;
            case ABORTED:
                pending.remove(source);
                added.remove(source);
                break;
            case COPIED:
                pending.remove(source);
                added.remove(source);
                copies.put(source, copy);
                break;
            case REGISTERED:
                registered.add(source);
                break;
            case DELETED:
                deleted.add(source);
                break;
            default:
                // a kind of a later version: ignored
        }
    }

    Optional<Copy> copy(String sourceLocation) {
        return Optional.ofNullable(copies.get(sourceLocation));
    }

    Pending pending(String sourceLocation) {
        return pending.getOrDefault(sourceLocation, Pending.NONE);
    }

    Optional<Copy> added(String sourceLocation) {
        return Optional.ofNullable(added.get(sourceLocation));
    }

    boolean registered(String sourceLocation) {
        return registered.contains(sourceLocation);
    }

    boolean sourceDeleted(String sourceLocation) {
        return deleted.contains(sourceLocation);
    }

    synchronized void recordCopying(String source) {
        record(COPYING, source, null);
    }

    synchronized void recordAdded(Copy c) {
        record(ADDED, c.source(), c);
    }

    synchronized void recordAborted(String source) {
        record(ABORTED, source, null);
    }

    synchronized void recordCopy(Copy c) {
        record(COPIED, c.source(), c);
    }

    synchronized void recordRegistered(String source) {
        record(REGISTERED, source, null);
    }

    synchronized void recordDeleted(String sourceLocation) {
        record(DELETED, sourceLocation, null);
    }

    private void record(String kind, String source, Copy c) {
        append(c == null ? kind + "\t" + source : String.join("\t", kind, c.source(), c.target(),
                Long.toString(c.size()), c.md5(), c.hashAlgorithm(), c.multihash()));
        apply(kind, source, c);
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
