package io.glancestore.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a folder holds, hidden files included: what tests compare after adds. */
final class FolderContents {

    private FolderContents() {
    }

    /**
     * The names in a folder, sorted, dot files included.
     *
     * @param folder the folder
     * @return the names
     */
    static List<String> names(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
