package io.glancestore.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signatures of AWS's own worked examples of Signature Version 4 for S3. */
class SigV4Test {

    private static final S3Credentials AWS_EXAMPLE = new S3Credentials("AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static final Instant WHEN = Instant.parse("2013-05-24T00:00:00Z");
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void getObjectWithARange() {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("host", "examplebucket.s3.amazonaws.com",
                "range", "bytes=0-9"));
        SigV4.sign(AWS_EXAMPLE, "us-east-1", "GET", "/test.txt", "", headers, EMPTY_SHA256, WHEN);

        assertThat(headers).containsEntry("x-amz-date", "20130524T000000Z")
                .containsEntry("x-amz-content-sha256", EMPTY_SHA256);
        assertThat(headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"
                + "20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void putObjectWithAnEncodedKeyAndASignedPayload() {
        String payload = SigV4.sha256Hex("Welcome to Amazon S3.".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("host", "examplebucket.s3.amazonaws.com",
                "date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY"));
        SigV4.sign(AWS_EXAMPLE, "us-east-1", "PUT", S3Endpoint.encode("/test$file.text", true), "", headers, payload,
                WHEN);

        assertThat(payload).isEqualTo("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        assertThat(headers.get("Authorization"))
                .endsWith("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }

    @Test
    void queriesAreSignedInCanonicalForm() {
        Map<String, String> lifecycle = new LinkedHashMap<>(Map.of("host", "examplebucket.s3.amazonaws.com"));
        SigV4.sign(AWS_EXAMPLE, "us-east-1", "GET", "/", "lifecycle=", lifecycle, EMPTY_SHA256, WHEN);
        assertThat(lifecycle.get("Authorization"))
                .endsWith("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

        Map<String, String> list = new LinkedHashMap<>(Map.of("host", "examplebucket.s3.amazonaws.com"));
        SigV4.sign(AWS_EXAMPLE, "us-east-1", "GET", "/", "max-keys=2&prefix=J", list, EMPTY_SHA256, WHEN);
        assertThat(list.get("Authorization"))
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }
}
