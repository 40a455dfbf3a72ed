package io.glancestore.file.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes new names in one image folder durable, one {@code fsync} of the folder for every add that
 * published there meanwhile (a group commit). An add that has linked its image asks for a sync and
 * returns once a sync that <em>started after its link</em> has finished: that sync covers its
 * name, whoever ran it. If none runs, the add runs one itself and covers everyone who linked
 * before it started; adds that link while it runs wait for the next. Concurrent adds thus share
 * syncs, and each still returns only when its own name is on disk.
 *
 * <p>Some filesystems cannot sync a folder; the image itself was synced before its link, so at
 * worst a power cut loses a whole new image, never part of one: that is logged, not failed.
 */
final class FolderSync {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSync.class);

    private final Path folder;
    private final Runnable syncAction;
    /** Links made so far; a caller's ticket is the count just after its own link. */
    private long linked;
    /** Every ticket up to this one is durable. */
    private long synced;
    private boolean running;
    private long syncs;

    FolderSync(Path folder) {
        this.folder = folder;
        this.syncAction = this::sync;
    }

    /** For tests: what a sync does instead of syncing the folder. */
    FolderSync(Path folder, Runnable syncAction) {
        this.folder = folder;
        this.syncAction = syncAction;
    }

    /**
     * Called after a name was linked into the folder; returns once the name is durable. Not
     * interruptible (the add must not return before its name is durable); an interrupt is kept
     * for the caller.
     */
    void afterLink() {
        boolean interrupted = false;
        long ticket;
        synchronized (this) {
            ticket = ++linked;
        }
        while (true) {
            long covers;
            synchronized (this) {
                while (running && synced < ticket) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (synced >= ticket) {
                    break;
                }
                running = true;
                covers = linked;
            }
            try {
                syncAction.run();
            } finally {
                synchronized (this) {
                    running = false;
                    synced = Math.max(synced, covers);
                    syncs++;
                    notifyAll();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many names were linked and asked for a sync. */
    synchronized long linked() {
        return linked;
    }

    /** How many folder syncs ran: fewer than adds when adds ran at once. */
    synchronized long syncs() {
        return syncs;
    }

    private void sync() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.warn("cannot sync image folder {} after publishing new images: {}", folder, e.toString());
        }
    }
}
