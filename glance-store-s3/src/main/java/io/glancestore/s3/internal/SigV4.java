package io.glancestore.s3.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests, in the Authorization header. Object data is sent as
 * {@code UNSIGNED-PAYLOAD}: hashing every byte with SHA-256 would cost a core for nothing that
 * TLS, TCP and the {@code Content-MD5} of each part do not already check. Small bodies (the
 * multipart completion) are signed with their hash.
 */
final class SigV4 {

    /** The payload hash of object data. */
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * Signs a request: adds {@code x-amz-date}, {@code x-amz-content-sha256} and
     * {@code Authorization} to its headers. Every header given is signed, so give only those
     * that are sent as given ({@code host}, {@code x-amz-*}, {@code content-md5}, {@code range},
     * ...).
     *
     * @param credentials the keys
     * @param region the signing region
     * @param method the HTTP method
     * @param path the request path, already percent-encoded as sent
     * @param query the canonical query string: {@code name=value} pairs sorted by name, encoded,
     *     joined by {@code &}; {@code ""} for none
     * @param headers the headers to sign, {@code host} included; the three above are added
     * @param payloadHash the hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
     * @param now the time of the request
     */
    static void sign(S3Credentials credentials, String region, String method, String path, String query,
            Map<String, String> headers, String payloadHash, Instant now) {
        String stamp = STAMP.format(now);
        String date = stamp.substring(0, 8);
        headers.put("x-amz-date", stamp);
        headers.put("x-amz-content-sha256", payloadHash);
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v.strip().replaceAll(" +", " ")));
        StringBuilder canonicalHeaders = new StringBuilder();
        sorted.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", sorted.keySet());
        String canonicalRequest = method + "\n" + path + "\n" + query + "\n" + canonicalHeaders + "\n" + signedHeaders
                + "\n" + payloadHash;
        String scope = date + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + sha256Hex(
                canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + credentials.secretKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(hmac(hmac(key, region), "s3"), "aws4_request");
        String signature = HEX.formatHex(hmac(key, toSign));
        headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKey() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    /**
     * The hex SHA-256 of bytes.
     *
     * @param data the bytes
     * @return lower-case hex
     */
    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
