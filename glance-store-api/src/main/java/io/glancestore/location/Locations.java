package io.glancestore.location;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.spi.StoreDriverProvider;
import java.util.Locale;
import java.util.Optional;

/**
 * Operations on location URI strings that work before (or without) parsing them: masking
 * credentials for logs and messages, and reading the scheme to pick a store.
 */
public final class Locations {

    /** What stands in for a secret in masked text. */
    static final String MASK = "***";

    private Locations() {
    }

    /**
     * Hides the key of {@code user:key@} credentials in a URI, or in a message that contains one,
     * so the text can be logged. The user is kept; everything from the first {@code :} of the
     * credentials up to the last {@code @} of the text becomes {@code ***}. The credentials start
     * after {@code ://}, or, when no {@code ://} comes before the first {@code @}, at the
     * whitespace-free token holding that {@code @}. Reaching for the last {@code @} rather than
     * the end of the authority means an unquoted {@code /}, {@code ?} or {@code @} in a key is
     * still hidden (glance_store quotes keys but leaves {@code /} as is); the price is that an
     * {@code @} later in the text may hide more than the key, the safe side to err on. The result
     * is {@link #printable}: it stays on one line and shows what it holds.
     *
     * <p>Never throws: it is meant for malformed input too.
     *
     * @param text a URI or any text, may be {@code null}
     * @return the masked text, {@code "null"} for {@code null}
     */
    public static String mask(String text) {
        if (text == null) {
            return "null";
        }
        String masked = text;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            int start = credentialsStart(text);
            int colon = text.indexOf(':', start);
            if (colon >= 0 && colon < at) {
                masked = text.substring(0, colon + 1) + MASK + text.substring(at);
            }
        }
        return printable(masked);
    }

    /**
     * The scheme of a location URI, in lower case, as glance_store uses it to choose a store.
     *
     * @param uri the URI
     * @return the scheme, e.g. {@code swift+https}
     * @throws BadStoreUriException if the URI has no valid scheme (RFC 3986: a letter, then
     *     letters, digits, {@code +}, {@code -} or {@code .}, then {@code :})
     */
    public static String scheme(String uri) {
        int colon = uri == null ? -1 : uri.indexOf(':');
        if (colon <= 0 || !isAsciiLetter(uri.charAt(0))) {
            throw new BadStoreUriException("location has no scheme: " + mask(uri));
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                throw new BadStoreUriException("location has no valid scheme: " + mask(uri));
            }
        }
        return uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /**
     * The Glance store type whose locations use a scheme, as the driver providers on this
     * library's class path declare it ({@link StoreDriverProvider#locationSchemes()}):
     * {@code file} and {@code filesystem} of the file store, {@code rbd} of the rbd store,
     * {@code swift}, {@code swift+http}, {@code swift+https} and {@code swift+config} of the swift
     * store, {@code vsphere} of the vmware store, {@code s3}, {@code s3+http} and
     * {@code s3+https} of the s3 store, {@code memory} of the in-memory store. A scheme whose
     * driver is not on the class path has no type.
     *
     * @param scheme a scheme, any case
     * @return the store type, empty for a scheme nobody declares
     */
    public static Optional<String> storeType(String scheme) {
        return scheme == null ? Optional.empty() : ProvidedSchemes.provider(scheme).map(StoreDriverProvider::type);
    }

    /**
     * Parses a location URI without a store, with the parser of the driver provider on this
     * library's class path that declares its scheme ({@link StoreDriverProvider#parseLocation}).
     * Stores parse locations the same way; this is for tools that show or check a location.
     *
     * @param uri the location URI
     * @return the parsed location
     * @throws BadStoreUriException if the URI is malformed
     * @throws UnknownSchemeException if no driver on the class path has its scheme
     */
    public static StoreLocation parse(String uri) {
        return ProvidedSchemes.provider(scheme(uri)).orElseThrow(() -> new UnknownSchemeException(
                "no location type on the class path has the scheme of " + mask(uri))).parseLocation(uri);
    }

    /**
     * Text fit for one line of a terminal or a log: control characters as {@code \xNN}; line and
     * paragraph separators, format characters (among them the bidirectional overrides such as
     * U+202E, which make a terminal show text in another order than it is) and unpaired
     * surrogates as <code>&#92;uXXXX</code> (<code>&#92;UXXXXXXXX</code> beyond U+FFFF).
     * Everything else is kept as it is.
     *
     * @param text any text, may be {@code null}
     * @return the text, escaped where needed; {@code "null"} for {@code null}
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (hidesItself(cp)) {
                if (b == null) {
                    b = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                appendEscape(b, cp);
            } else if (b != null) {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return b == null ? text : b.toString();
    }

    /** {@code \\xNN}, {@code \\uNNNN} or {@code \\UNNNNNNNN}, in lower-case hex; cheap, for long texts. */
    private static void appendEscape(StringBuilder b, int cp) {
        int digits = cp < 0x100 ? 2 : cp > 0xffff ? 8 : 4;
        b.append('\\').append(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            b.append(Character.forDigit((cp >> shift) & 0xf, 16));
        }
    }

    /** Characters that a terminal does not show as themselves; unpaired surrogates cannot be encoded. */
    private static boolean hidesItself(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    /**
     * The exception for a malformed location, with the URI masked.
     *
     * @param kind the store kind, e.g. {@code swift}
     * @param uri the offending URI (masked here)
     * @param reason why it is rejected; must not contain credentials
     * @return the exception to throw
     */
    static BadStoreUriException invalid(String kind, String uri, String reason) {
        return new BadStoreUriException("invalid " + kind + " location " + mask(uri) + ": " + reason);
    }

    /**
     * Finds text that no location may hold: control characters (CR/LF would let a location
     * forge log lines, NUL truncates C strings, and Python's URL parser silently drops some of
     * them, so the two sides would disagree) and unpaired surrogates (not encodable as UTF-8).
     *
     * @param s the text
     * @return a description of the first bad character, or {@code null} if there is none
     */
    static String badCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("control character \\x%02x at index %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "unpaired surrogate at index " + i;
            }
        }
        return null;
    }

    /**
     * Where credentials could begin: after the first {@code ://} when that precedes the first
     * {@code @} (so a key with spaces is still covered), else at the whitespace-free token that
     * holds the first {@code @}.
     */
    private static int credentialsStart(String text) {
        int firstAt = text.indexOf('@');
        int sep = text.indexOf("://");
        if (sep >= 0 && sep < firstAt) {
            return sep + 3;
        }
        int start = firstAt;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
