package io.glancestore.support;

import io.glancestore.exception.UnknownHashingAlgoException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * Maps Glance's hashing algorithm names (Python {@code hashlib} names such as {@code sha512} or
 * {@code sha3_256}) onto JDK {@link MessageDigest} names, and back.
 */
public final class HashAlgorithms {

    /** Glance's default {@code hashing_algorithm}. */
    public static final String DEFAULT = "sha512";

    private static final Map<String, String> GLANCE_TO_JDK = Map.ofEntries(
            Map.entry("md5", "MD5"),
            Map.entry("sha1", "SHA-1"),
            Map.entry("sha224", "SHA-224"),
            Map.entry("sha256", "SHA-256"),
            Map.entry("sha384", "SHA-384"),
            Map.entry("sha512", "SHA-512"),
            Map.entry("sha512_224", "SHA-512/224"),
            Map.entry("sha512_256", "SHA-512/256"),
            Map.entry("sha3_224", "SHA3-224"),
            Map.entry("sha3_256", "SHA3-256"),
            Map.entry("sha3_384", "SHA3-384"),
            Map.entry("sha3_512", "SHA3-512"));

    private HashAlgorithms() {
    }

    /**
     * A resolved algorithm.
     *
     * @param glanceName the name to report as {@code os_hash_algo}
     * @param jdkName the {@link MessageDigest} name
     */
    public record Resolved(String glanceName, String jdkName) {

        /**
         * A new digest of this algorithm.
         *
         * @return the digest
         */
        public MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(jdkName);
            } catch (NoSuchAlgorithmException e) {
                throw new UnknownHashingAlgoException("hashing algorithm '" + glanceName + "' is not available", e);
            }
        }
    }

    /**
     * Resolves a Glance or JDK algorithm name.
     *
     * @param name the name, e.g. {@code sha512} or {@code SHA-512}
     * @return the resolved algorithm
     * @throws UnknownHashingAlgoException if the JDK offers no such digest
     */
    public static Resolved resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new UnknownHashingAlgoException("hashing algorithm must not be empty");
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        String jdk = GLANCE_TO_JDK.get(lower);
        if (jdk != null) {
            return new Resolved(lower, jdk);
        }
        for (Map.Entry<String, String> e : GLANCE_TO_JDK.entrySet()) {
            if (e.getValue().equalsIgnoreCase(name.trim())) {
                return new Resolved(e.getKey(), e.getValue());
            }
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(name.trim());
            return new Resolved(lower, digest.getAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new UnknownHashingAlgoException("unknown hashing algorithm '" + name
                    + "': the JDK offers no such MessageDigest");
        }
    }
}
