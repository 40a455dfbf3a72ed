package io.glancestore.cli.internal;

import io.glancestore.copy.ExpectedHashes;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.support.HashAlgorithms;
import java.util.Locale;

/**
 * The {@code --md5 HEX} and {@code --multihash ALG:HEX} arguments, checked before anything is
 * read: a known algorithm, hexadecimal digits, and exactly as many as the digest has, so a typo
 * fails at once instead of after the whole image was read.
 *
 * @param md5 the md5 in lower case, or {@code null}
 * @param algorithm the multihash algorithm's Glance name, or {@code null}
 * @param multihash the multihash in lower case, or {@code null}
 */
record ExpectedHashArguments(String md5, String algorithm, String multihash) {

    /**
     * Checks the arguments.
     *
     * @param md5 {@code --md5}, or {@code null}
     * @param multihash {@code --multihash}, or {@code null}
     * @return the checked values
     * @throws CliException (usage) if one is malformed
     */
    static ExpectedHashArguments parse(String md5, String multihash) {
        String md5Hex = md5 == null ? null : hex("--md5", md5, 16);
        if (multihash == null) {
            return new ExpectedHashArguments(md5Hex, null, null);
        }
        int colon = multihash.indexOf(':');
        if (colon <= 0) {
            throw new CliException(ExitCodes.USAGE, "--multihash must be ALG:HEX, e.g. sha512:ab12...");
        }
        HashAlgorithms.Resolved algorithm;
        try {
            algorithm = HashAlgorithms.resolve(multihash.substring(0, colon));
        } catch (UnknownHashingAlgoException e) {
            throw new CliException(ExitCodes.USAGE, "--multihash names an unknown algorithm: " + e.getMessage());
        }
        String value = hex("--multihash", multihash.substring(colon + 1),
                algorithm.newDigest().getDigestLength());
        return new ExpectedHashArguments(md5Hex, algorithm.glanceName(), value);
    }

    /**
     * The values as the copier takes them.
     *
     * @return the expected hashes
     */
    ExpectedHashes toExpectedHashes() {
        return new ExpectedHashes(md5, algorithm, multihash);
    }

    private static String hex(String option, String value, int bytes) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.length() != 2 * bytes || !v.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new CliException(ExitCodes.USAGE, option + " must be " + 2 * bytes + " hexadecimal digits");
        }
        return v;
    }
}
