package io.glancestore.cache.internal;

import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.support.HashAlgorithms;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Glance hashing algorithm names ({@code md5}, {@code sha512}, {@code sha3_256},
 * {@code sha512_224}: Python {@code hashlib} names) mapped onto JDK digests (by the API layer's
 * mapping), and hex helpers.
 */
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();

    private Digests() {
    }

    /**
     * The Glance name of an algorithm given by its Glance or JDK name.
     *
     * @param name e.g. {@code sha512} or {@code SHA-512}
     * @return the Glance name, e.g. {@code sha512}
     * @throws UnknownHashingAlgoException if the JDK has no such digest
     */
    public static String glanceName(String name) {
        return HashAlgorithms.resolve(name).glanceName();
    }

    /**
     * A new digest for an algorithm given by its Glance or JDK name.
     *
     * @param name e.g. {@code sha512} or {@code SHA-512}
     * @return the digest
     * @throws UnknownHashingAlgoException if the JDK has no such digest
     */
    public static MessageDigest create(String name) {
        return HashAlgorithms.resolve(name).newDigest();
    }

    /**
     * Lower-case hex of a digest value.
     *
     * @param value the bytes, or {@code null}
     * @return the hex, or {@code null}
     */
    public static String hex(byte[] value) {
        return value == null ? null : HEX.formatHex(value);
    }

    /**
     * Parses hex, accepting either case.
     *
     * @param hex the hex, or {@code null}
     * @return the bytes, or {@code null} when absent or not hex (such a value can never match a
     *     digest, so it is not worth recording)
     */
    public static byte[] parseHexOrNull(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            return null;
        }
        try {
            return HEX.parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
