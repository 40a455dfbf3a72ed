package io.glancestore.config.internal;

import io.glancestore.config.ConfigFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a configuration file as text, bounded: at most a given number of bytes are read, whatever
 * the file claims to be (a FIFO, {@code /dev/zero} and a growing file have no size to trust), and
 * the bytes must be UTF-8. Every failure is a {@link ConfigFileException} that says what is
 * wrong, never a parser's exception.
 */
public final class ConfigText {

    private ConfigText() {
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @param maxBytes the largest file accepted
     * @return its text
     * @throws ConfigFileException if it is missing, a directory, unreadable, larger than
     *     {@code maxBytes} or not UTF-8
     */
    public static String read(Path file, long maxBytes) {
        if (Files.isDirectory(file)) {
            throw new ConfigFileException(file, 0, null, "is a directory, not a configuration file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            int limit = (int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1);
            bytes = in.readNBytes(limit);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(file, 0, null, "file not found");
        } catch (AccessDeniedException e) {
            throw new ConfigFileException(file, 0, null, "cannot be read: permission denied");
        } catch (IOException e) {
            throw new ConfigFileException(file, 0, null, "cannot be read: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (bytes.length > maxBytes) {
            throw new ConfigFileException(file, 0, null, "is larger than " + describe(maxBytes)
                    + ", the limit for a configuration file; Glance's own files are far smaller");
        }
        return decode(file, bytes);
    }

    /** Strict UTF-8, naming the line of the first byte that is not. */
    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigFileException(file, line, null, "is not UTF-8 text (byte " + at + ")");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        // A byte order mark is not part of the first key.
        return text.startsWith("\ufeff") ? text.substring(1) : text;
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
