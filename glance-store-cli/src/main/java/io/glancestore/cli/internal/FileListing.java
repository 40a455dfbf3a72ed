package io.glancestore.cli.internal;

import io.glancestore.config.BackendConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lists the images of a file store from its folders. The store API has no listing, so this is
 * done here for the one type whose layout makes it trivial: {@code <datadir>/<image id>}.
 */
final class FileListing {

    private FileListing() {
    }

    static boolean canList(BackendConfig backend) {
        return backend.type().equals("file");
    }

    static List<Path> datadirs(BackendConfig backend) {
        List<Path> dirs = new ArrayList<>();
        String multi = backend.options().get("filesystem_store_datadirs");
        if (multi != null && !multi.isBlank()) {
            for (String item : multi.split("[,\n]")) {
                String it = item.strip();
                if (it.isEmpty()) {
                    continue;
                }
                int colon = it.lastIndexOf(':');
                dirs.add(Path.of(colon > 0 ? it.substring(0, colon).strip() : it));
            }
        } else {
            dirs.add(Path.of(backend.options().getOrDefault("filesystem_store_datadir", "/var/lib/glance/images")));
        }
        return dirs;
    }

    /** Images by location, with their sizes. */
    static Map<String, Long> list(BackendConfig backend) {
        Map<String, Long> images = new LinkedHashMap<>();
        for (Path dir : datadirs(backend)) {
            Path abs = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                continue;
            }
            try (Stream<Path> files = Files.list(abs)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !p.getFileName().toString().contains(".glance-tmp-"))
                        .sorted()
                        .forEach(p -> images.put("file://" + p, size(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return images;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
