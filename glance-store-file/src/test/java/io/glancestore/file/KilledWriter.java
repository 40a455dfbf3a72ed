package io.glancestore.file;

import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A writer to be killed mid-add: adds an image whose data stalls after a given number of bytes,
 * prints {@code STALLED} once the store has written them, and waits to be killed.
 * Arguments: datadir, image id, image size, bytes before the stall.
 */
public final class KilledWriter {

    private KilledWriter() {
    }

    /**
     * Runs the writer.
     *
     * @param args datadir, image id, size, bytes before the stall
     */
    public static void main(String[] args) {
        Path datadir = Path.of(args[0]);
        long size = Long.parseLong(args[2]);
        long stallAfter = Long.parseLong(args[3]);
        InputStream data = new InputStream() {
            private final InputStream source = GeneratedImage.of(9, size).openStream();
            private long delivered;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (delivered >= stallAfter) {
                    stall();
                }
                int n = source.read(b, off, (int) Math.min(len, stallAfter - delivered));
                delivered += Math.max(0, n);
                return n;
            }
        };
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            store.add(args[1], data, size);
        }
    }

    /** Lets the store write what it has, then signals and waits for the kill. */
    private static void stall() {
        try {
            Thread.sleep(500);
            System.out.println("STALLED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
