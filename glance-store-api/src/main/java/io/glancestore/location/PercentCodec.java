package io.glancestore.location;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding exactly as Python's {@code urllib.parse} does it, so the URIs we write are
 * byte-for-byte those glance_store writes. Decoding is stricter than Python's, which keeps
 * malformed escapes and invalid UTF-8 as they are: we refuse them.
 */
public final class PercentCodec {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /**
     * Like {@code urllib.parse.quote(s, safe)}: UTF-8 bytes, with letters, digits,
     * {@code _ . - ~} and the {@code safe} characters kept, everything else as {@code %XX}.
     *
     * @param s the text, free of unpaired surrogates
     * @param safe extra ASCII characters to keep
     * @return the quoted text
     */
    public static String quote(String s, String safe) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int v = x & 0xff;
            if (isUnreserved(v) || (v < 0x80 && safe.indexOf(v) >= 0)) {
                b.append((char) v);
            } else {
                b.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * Like {@code urllib.parse.quote_plus(s)}, the quoting {@code urlencode} uses for query
     * values: as {@link #quote} with nothing extra safe, but a space becomes {@code +}.
     *
     * @param s the text
     * @return the quoted text
     */
    public static String quotePlus(String s) {
        return quote(s, " ").replace(' ', '+');
    }

    /**
     * Decodes {@code %XX} escapes (and {@code +} as a space when {@code plus}) and the resulting
     * bytes as UTF-8.
     *
     * @param s the quoted text
     * @param plus whether {@code +} means a space, as in query strings
     * @return the decoded text
     * @throws IllegalArgumentException on a malformed escape or invalid UTF-8; the message names
     *     the position only, never the text, which may be a secret
     */
    public static String unquote(String s, boolean plus) {
        if (s.indexOf('%') < 0) {
            return plus ? s.replace('+', ' ') : s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isAsciiHex(s.charAt(i + 1)) || !isAsciiHex(s.charAt(i + 2))) {
                    throw new IllegalArgumentException("malformed percent escape at index " + i);
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else {
                int end = i;
                while (end < s.length() && s.charAt(end) != '%') {
                    end++;
                }
                String run = s.substring(i, end);
                bytes.writeBytes((plus ? run.replace('+', ' ') : run).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent escapes do not decode as UTF-8");
        }
    }

    /**
     * Whether {@code s} is well-formed quoted text: every {@code %} starts a two-digit hex
     * escape. Used where the text is kept quoted (paths sent on as they are).
     *
     * @param s the text
     * @return {@code true} if all escapes are well formed
     */
    public static boolean hasValidEscapes(String s) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || !isAsciiHex(s.charAt(i + 1)) || !isAsciiHex(s.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    /** Python's {@code always_safe}: RFC 3986 unreserved characters. */
    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '~';
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
