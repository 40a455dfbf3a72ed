package io.glancestore.file.internal;

import io.glancestore.exception.StorageFullException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the folder of a new image as glance_store does. With one folder, that folder (the write
 * itself reports a full disk). With several, the highest priority that has a folder with room
 * for the declared size wins, and within it the folder with the most free space; an unknown
 * size only needs some free space. No folder with room is {@link StorageFullException}.
 */
final class DatadirChooser {

    private static final Logger LOG = LoggerFactory.getLogger(DatadirChooser.class);

    private final List<Datadir> datadirs;
    private final boolean multiple;
    private final FreeSpace freeSpace;
    /** Folders by priority, highest first. */
    private final Map<Integer, List<Path>> byPriority = new TreeMap<>(Comparator.reverseOrder());

    DatadirChooser(List<Datadir> datadirs, boolean multiple, FreeSpace freeSpace) {
        if (datadirs.isEmpty()) {
            throw new IllegalArgumentException("no datadirs");
        }
        this.datadirs = List.copyOf(datadirs);
        this.multiple = multiple;
        this.freeSpace = freeSpace;
        for (Datadir d : datadirs) {
            byPriority.computeIfAbsent(d.priority(), p -> new ArrayList<>()).add(d.path());
        }
    }

    /**
     * The folder for an image.
     *
     * @param sizeHint the declared size, or -1 when unknown
     * @return the folder
     * @throws StorageFullException if no folder has room
     */
    Path choose(long sizeHint) {
        if (!multiple) {
            return datadirs.get(0).path();
        }
        long needed = Math.max(0, sizeHint);
        for (List<Path> folders : byPriority.values()) {
            Path best = null;
            long bestFree = 0;
            for (Path folder : folders) {
                long free = usable(folder);
                if (free >= needed && free > bestFree) {
                    best = folder;
                    bestFree = free;
                }
            }
            if (best != null) {
                return best;
            }
        }
        throw new StorageFullException("no image folder of the file store has room for "
                + (sizeHint < 0 ? "an image of unknown size" : sizeHint + " bytes"));
    }

    private long usable(Path folder) {
        try {
            return freeSpace.usableBytes(folder);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the free space of image folder {}; skipping it: {}", folder, e.toString());
            return 0;
        }
    }
}
