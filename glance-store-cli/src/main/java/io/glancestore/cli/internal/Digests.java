package io.glancestore.cli.internal;

import io.glancestore.exception.UnknownHashingAlgoException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** Message digests by Glance name ({@code md5}, {@code sha512}, {@code sha3_256}, ...). */
final class Digests {

    private Digests() {
    }

    static MessageDigest of(String glanceName) {
        String n = glanceName.toLowerCase(Locale.ROOT);
        String jdk = n.startsWith("sha3_") ? "SHA3-" + n.substring(5)
                : n.startsWith("sha") && !n.contains("-") ? "SHA-" + n.substring(3)
                : n.equals("md5") ? "MD5" : glanceName;
        if (n.equals("sha1")) {
            jdk = "SHA-1";
        }
        try {
            return MessageDigest.getInstance(jdk);
        } catch (NoSuchAlgorithmException e) {
            throw new UnknownHashingAlgoException("unknown hashing algorithm '" + glanceName + "'");
        }
    }
}
