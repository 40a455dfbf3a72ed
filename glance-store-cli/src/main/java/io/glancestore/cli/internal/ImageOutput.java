package io.glancestore.cli.internal;

import io.glancestore.ImageData;
import java.io.IOException;
import java.util.Map;

/**
 * An image read by a command into {@code -o}'s {@link OutputTarget}: opened before the image is,
 * so a bad target costs nothing; a read failure is reported as the image's; the target is
 * committed (a file replaced) only once every byte was read.
 */
final class ImageOutput implements AutoCloseable {

    private static final int BUFFER = 1 << 18;

    /** Sees each chunk as it is written, e.g. to hash it or show progress. */
    @FunctionalInterface
    interface ChunkObserver {
        /**
         * Sees a chunk.
         *
         * @param buffer holds the chunk from index 0
         * @param length the chunk's length
         */
        void written(byte[] buffer, int length);
    }

    private final String output;
    private final String imageId;
    private final OutputTarget target;
    private long bytes;

    private ImageOutput(String output, String imageId, OutputTarget target) {
        this.output = output;
        this.imageId = imageId;
        this.target = target;
    }

    /**
     * Opens {@code -o}'s target for an image.
     *
     * @param s the session
     * @param output {@code -} for standard output, else a path
     * @param imageId the image, for messages
     * @return the output, to close
     */
    static ImageOutput open(Session s, String output, String imageId) {
        return new ImageOutput(output, imageId, OutputTarget.open(output, s.global()));
    }

    /**
     * Copies an image's bytes to the target.
     *
     * @param data the bytes
     * @throws IOException if the image cannot be read
     */
    void copy(ImageData data) throws IOException {
        copy(data, (buffer, length) -> { });
    }

    /**
     * Copies an image's bytes to the target, showing each chunk to an observer.
     *
     * @param data the bytes
     * @param observer sees each chunk once it is written
     * @throws IOException if the image cannot be read
     */
    void copy(ImageData data, ChunkObserver observer) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (int r; (r = data.read(buf)) > 0; ) {
            target.write(buf, 0, r);
            observer.written(buf, r);
            bytes += r;
        }
    }

    /**
     * The error to throw when the image could not be read.
     *
     * @param e the failure
     * @return the error
     */
    CliException readFailed(IOException e) {
        return new CliException(ExitCodes.FAILED, "io_error", "reading image " + imageId + " failed: "
                + IoMessages.reason(e), e);
    }

    /**
     * Makes the image visible where it was asked for (replaces a file), once it is complete.
     *
     * @return the output as reported: {@code -}, or the target's name
     */
    String commit() {
        target.commit();
        return "-".equals(output) ? "-" : target.name();
    }

    /**
     * The bytes copied.
     *
     * @return the count
     */
    long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        target.close();
    }

    /**
     * Prints a read's result. With the image on standard output, the result goes to standard
     * error, and only as JSON.
     *
     * @param s the session
     * @param result the result
     */
    static void record(Session s, Map<String, Object> result) {
        if (!s.global().stdoutCarriesImage() || s.out().json()) {
            s.out().record(result);
        }
    }
}
