package io.glancestore.file;

import io.glancestore.ImageData;
import io.glancestore.tck.Digests;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file store client run as an unprivileged user by the integration tests. Prints what it
 * sees, one fact per line: {@code CAPS <capabilities>}, {@code MD5 <md5 of a read>},
 * {@code ADD <outcome>} (the exception's simple name, or {@code ok}), and {@code FILES <names>}.
 * Arguments: {@code read <datadir> <location>} or {@code add-later <datadir> <ready> <go>},
 * which opens the store, signals ready, waits for go, then adds.
 */
public final class UnprivilegedClient {

    private UnprivilegedClient() {
    }

    /**
     * Runs the client.
     *
     * @param args the mode and its arguments
     * @throws Exception on unexpected failures
     */
    public static void main(String[] args) throws Exception {
        Path datadir = Path.of(args[1]);
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            System.out.println("CAPS " + store.capabilities());
            if (args[0].equals("read")) {
                try (ImageData in = store.get(args[2])) {
                    System.out.println("MD5 " + Digests.of(in).md5Hex());
                }
            } else {
                Files.createFile(Path.of(args[2]));
                while (!Files.exists(Path.of(args[3]))) {
                    Thread.sleep(5);
                }
            }
            System.out.println("ADD " + tryAdd(store));
        }
        System.out.println("FILES " + FolderContents.names(datadir));
    }

    private static String tryAdd(FileStore store) {
        try {
            store.add("from-nobody", new ByteArrayInputStream(new byte[1000]), 1000);
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
