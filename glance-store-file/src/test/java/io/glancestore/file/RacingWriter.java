package io.glancestore.file;

import io.glancestore.AddResult;
import io.glancestore.exception.DuplicateException;
import io.glancestore.support.BufferPool;
import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of several processes adding the same image id to one folder. The add is opened first
 * (past the store's early duplicate check, since no image exists yet), then the data waits for
 * a start signal once its first chunk is read (the store reads a chunk, at most
 * {@link BufferPool#CHUNK_SIZE} bytes, before it opens the write, and writes it before it reads
 * the next), so all writers reach the atomic publish together. Prints {@code WON <md5>}
 * or {@code DUPLICATE}. Arguments: datadir, image id, seed, size, ready file, go file.
 */
public final class RacingWriter {

    private RacingWriter() {
    }

    /**
     * Runs the writer.
     *
     * @param args datadir, image id, seed, size, ready file, go file
     */
    public static void main(String[] args) {
        Path datadir = Path.of(args[0]);
        GeneratedImage image = GeneratedImage.of(Long.parseLong(args[2]), Long.parseLong(args[3]));
        Path ready = Path.of(args[4]);
        Path go = Path.of(args[5]);
        InputStream source = image.openStream();
        InputStream data = new InputStream() {
            private boolean started;
            private long delivered;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!started && delivered >= BufferPool.CHUNK_SIZE) {
                    started = true;
                    awaitStart(ready, go);
                }
                int n = source.read(b, off, len);
                delivered += Math.max(0, n);
                return n;
            }
        };
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            AddResult added = store.add(args[1], data, image.size());
            System.out.println("WON " + added.checksum());
        } catch (DuplicateException e) {
            System.out.println("DUPLICATE");
        }
    }

    private static void awaitStart(Path ready, Path go) {
        try {
            Files.createFile(ready);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no start signal");
                }
                Thread.sleep(1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
