package io.glancestore.tck;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Length, md5 and sha512 of a stream, computed while streaming it, so large images can be
 * checked without being held in memory. The two digests are the ones Glance records for every
 * image ({@code checksum} and the default {@code os_hash_value}).
 *
 * @param length number of bytes
 * @param md5Hex md5, lower-case hex
 * @param sha512Hex sha512, lower-case hex
 */
public record Digests(long length, String md5Hex, String sha512Hex) {

    private static final int BUFFER = 64 * 1024;

    /** Validates the values. */
    public Digests {
        Objects.requireNonNull(md5Hex, "md5Hex");
        Objects.requireNonNull(sha512Hex, "sha512Hex");
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
    }

    /**
     * Reads a stream to its end and digests it; does not close it.
     *
     * @param in the stream
     * @return its length and digests
     * @throws IOException if reading fails
     */
    public static Digests of(InputStream in) throws IOException {
        MessageDigest md5 = newDigest("MD5");
        MessageDigest sha512 = newDigest("SHA-512");
        byte[] buf = new byte[BUFFER];
        long length = 0;
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            md5.update(buf, 0, n);
            sha512.update(buf, 0, n);
            length += n;
        }
        HexFormat hex = HexFormat.of();
        return new Digests(length, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
    }

    /**
     * Digests an array.
     *
     * @param data the bytes
     * @return their length and digests
     */
    public static Digests of(byte[] data) {
        return new Digests(data.length, hex("MD5", data), hex("SHA-512", data));
    }

    /**
     * The digest of an array under any JDK algorithm.
     *
     * @param jdkAlgorithm a {@link MessageDigest} name, e.g. {@code SHA-256}
     * @param data the bytes
     * @return the lower-case hex digest
     */
    public static String hex(String jdkAlgorithm, byte[] data) {
        return HexFormat.of().formatHex(newDigest(jdkAlgorithm).digest(data));
    }

    /**
     * The digest of a stream under any JDK algorithm; reads it to the end, does not close it.
     *
     * @param jdkAlgorithm a {@link MessageDigest} name
     * @param in the stream
     * @return the lower-case hex digest
     * @throws IOException if reading fails
     */
    public static String hex(String jdkAlgorithm, InputStream in) throws IOException {
        MessageDigest digest = newDigest(jdkAlgorithm);
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest(String jdkAlgorithm) {
        try {
            return MessageDigest.getInstance(jdkAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("no MessageDigest " + jdkAlgorithm + " in this JDK", e);
        }
    }
}
