package io.glancestore.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound of a cache folder's image bytes at one instant, immune to files moving and being
 * replaced during the scan: two scans in a row; a file seen in both was in the folder all along
 * between them (files only leave by unlink, which is final), and files only grow, so its size in
 * the first scan is at most its size at the moment between the scans. A file is its inode, its
 * modification time and its name together: the file system hands a freed inode to the next new
 * file at once, and an evicted image's inode reused by a fill started after the first scan would
 * otherwise pass for a file present all along. A file written to between the scans is left out,
 * which only lowers the bound.
 */
final class FolderWitness {

    private FolderWitness() {
    }

    static long bytesSurelyInFolder(Path dir) {
        Map<Object, Long> first = scan(dir);
        Map<Object, Long> second = scan(dir);
        long total = 0;
        for (Map.Entry<Object, Long> e : first.entrySet()) {
            Long later = second.get(e.getKey());
            if (later != null && later >= e.getValue()) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static Map<Object, Long> scan(Path dir) {
        Map<Object, Long> files = new HashMap<>();
        for (Path d : List.of(dir.resolve("incomplete"), dir, dir.resolve("invalid"))) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                for (Path p : s) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            // A file keeps its inode, time and name (the image id) when the cache
                            // moves it between these folders.
                            String name = p.getFileName().toString();
                            files.merge(List.of(a.fileKey(), a.lastModifiedTime(), name), a.size(), Math::min);
                        }
                    } catch (IOException gone) {
                        // moved or removed during the scan
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return files;
    }
}
