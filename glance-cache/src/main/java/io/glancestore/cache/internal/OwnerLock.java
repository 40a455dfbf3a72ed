package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proof that an open cache is alive: a file {@code .index/owners/<token>} that the cache
 * holds an exclusive lock on for as long as it is open. Every reservation, fill and file renamed
 * aside is recorded in the ledger under its owner's token; another process finds out whether
 * that owner still lives by trying the same lock. The kernel drops the lock when the process
 * dies, however it dies (SIGKILL included), so what a dead owner left is reclaimed and never
 * blocks anyone. A token is never reused.
 *
 * <p>POSIX drops all of a process's locks on a file when it closes any descriptor of that file,
 * so a process never opens the owner files of its own caches: those are answered from
 * {@link #LIVE}.
 *
 * @param token this owner's token, the name of its file
 * @param file the owner file
 * @param channel the owner file, open while the cache is
 * @param lock the exclusive lock held on it
 */
record OwnerLock(String token, Path file, FileChannel channel, FileLock lock) implements AutoCloseable {

    /** Tokens of the caches open in this JVM. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    /**
     * Creates and locks a new owner file.
     *
     * @param dir the owners folder
     * @return the lock, held until closed
     * @throws IOException if the file cannot be created or locked
     */
    static OwnerLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        String token = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 13);
        Path file = dir.resolve(token);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new IOException("cannot lock the new owner file " + file);
            }
            LIVE.add(token);
            return new OwnerLock(token, file, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Whether the owner of a token is still alive. An owner whose file is gone is dead (a live
     * owner's file is only removed by its own close). A dead owner's file is removed here.
     *
     * @param dir the owners folder
     * @param token the token
     * @return true while the owner holds its lock
     */
    static boolean isAlive(Path dir, String token) {
        if (LIVE.contains(token)) {
            return true;
        }
        if (token.isEmpty() || token.contains("/") || token.startsWith(".")) {
            return false;
        }
        Path file = dir.resolve(token);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return true;
            }
            if (lock == null) {
                return true;
            }
            try {
                Files.deleteIfExists(file);
            } finally {
                lock.release();
            }
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // cannot tell: assume alive, the safe side (nothing of it is reclaimed)
        }
    }

    @Override
    public void close() {
        LIVE.remove(token);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file of a dead owner is removed by whoever finds it unlocked
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it anyway
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
