package io.glancestore.cli.internal;

import io.glancestore.ImageStore;
import io.glancestore.config.BackendConfig;
import io.glancestore.exception.GlanceStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the images of a file store from its folders. The store API has no listing, so this is
 * done here for the one type whose layout makes it trivial: {@code <datadir>/<image id>}. Every
 * entry is put to the store as {@code stat} would put it, so what is listed as an image can be
 * read, and what the store would refuse (a symbolic link, a folder, a name that is no valid
 * image id, such as one with a space that another program wrote) is listed with the store's
 * reason instead of a location. Hidden files (the store's own temporaries) are left out.
 */
final class FileListing {

    /**
     * One entry of an image folder.
     *
     * @param name the file name: the image id when addressable
     * @param location the location, or {@code null} when the store refuses the entry
     * @param size the size, or {@code null} when the store refuses the entry
     * @param reason why the store refuses the entry, or {@code null}
     */
    record Entry(String name, String location, Long size, String reason) {
        boolean addressable() {
            return reason == null;
        }
    }

    private FileListing() {
    }

    static boolean canList(BackendConfig backend) {
        return backend.type().equals("file");
    }

    /** The configured folders, absolute and normalised as the store makes them. */
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
        return dirs.stream().map(d -> d.toAbsolutePath().normalize()).distinct().toList();
    }

    /** The entries of every folder, in folder order then name order. */
    static List<Entry> list(BackendConfig backend, ImageStore store) {
        List<Entry> entries = new ArrayList<>();
        for (Path dir : datadirs(backend)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> names;
            try (Stream<Path> files = Files.list(dir)) {
                names = files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "io_error", "cannot list image folder " + dir + ": "
                        + IoMessages.reason(e), e);
            }
            for (Path p : names) {
                String location = "file://" + p;
                try {
                    entries.add(new Entry(p.getFileName().toString(), location, store.size(location), null));
                } catch (GlanceStoreException e) {
                    entries.add(new Entry(p.getFileName().toString(), null, null, e.getMessage()));
                }
            }
        }
        return entries;
    }
}
