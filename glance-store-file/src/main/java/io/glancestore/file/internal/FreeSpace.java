package io.glancestore.file.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells how many bytes can still be written in a folder; replaceable so tests can pretend. */
@FunctionalInterface
interface FreeSpace {

    /** The filesystem's space available to this process ({@code f_bavail}), as glance_store uses. */
    FreeSpace FILESYSTEM = folder -> Files.getFileStore(folder).getUsableSpace();

    /**
     * Bytes available in a folder.
     *
     * @param folder the folder
     * @return usable bytes
     * @throws IOException if the filesystem cannot be asked
     */
    long usableBytes(Path folder) throws IOException;
}
