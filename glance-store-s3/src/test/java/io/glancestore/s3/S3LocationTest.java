package io.glancestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.Locations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // As glance_store writes them: keys unquoted, a secret with '/' and '+' as AWS makes them.
        "s3://AKIA:wJal/K7+MDENG@s3.example.com/glance/abc | AKIA | wJal/K7+MDENG | s3.example.com | glance | abc",
        "s3+https://AK:SK@127.0.0.1:7480/glance/abc | AK | SK | 127.0.0.1:7480 | glance | abc",
        "s3+http://AK:/leading@h:1/prefix/path/b-1/k.img | AK | /leading | h:1/prefix/path | b-1 | k.img",
        "s3://AK:trailing/@[::1]:8080/bucket/key | AK | trailing/ | [::1]:8080 | bucket | key",
    })
    void parsesAndWritesBackWhatGlanceStoreWrites(String uri, String access, String secret, String service,
            String bucket, String key) {
        S3Location location = S3Location.parse(uri);

        assertThat(location.accessKey()).hasValue(access);
        assertThat(location.secretKey()).hasValue(secret);
        assertThat(location.serviceAddress()).isEqualTo(service);
        assertThat(location.bucket()).isEqualTo(bucket);
        assertThat(location.key()).isEqualTo(key).isEqualTo(location.imageId());
        assertThat(location.uri()).isEqualTo(uri);
        assertThat(S3Location.parse(location.uri())).isEqualTo(location).hasSameHashCodeAs(location);
        assertThat(location.maskedUri()).isEqualTo(location.toString()).doesNotContain(secret)
                .isEqualTo(Locations.mask(uri)).contains(access + ":***@");
    }

    @Test
    void aLocationWithoutCredentialsIsTheStoresToRead() {
        S3Location location = S3Location.parse("s3+https://s3.example.com/glance/abc");
        assertThat(location.accessKey()).isEmpty();
        assertThat(location.secretKey()).isEmpty();
        assertThat(location.https()).isTrue();
        assertThat(location.maskedUri()).isEqualTo(location.uri());
        assertThat(S3Location.withoutCredentials("s3+https", "s3.example.com", "glance", "abc")).isEqualTo(location);
    }

    @Test
    void theStoreWritesTheSameUri() {
        assertThat(S3Location.withCredentials("s3", "AK", "S/K+", "127.0.0.1:7480", "glance", "id").uri())
                .isEqualTo("s3://AK:S/K+@127.0.0.1:7480/glance/id");
        assertThatThrownBy(() -> S3Location.withCredentials("s3", "AK", "S:K", "h", "glance", "id"))
                .isInstanceOf(BadStoreUriException.class).hasMessageNotContaining("S:K");
        assertThatThrownBy(() -> S3Location.withCredentials("http", "AK", "SK", "h", "glance", "id"))
                .isInstanceOf(BadStoreUriException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://AK:SECRETX@h/b", // no key
        "s3://AK:SECRETX@/b/k", // no host
        "s3://h/k", // no bucket
        "s3://AK:SECRETX@h//k", // empty bucket
        "s3://AK:SECRETX@h/b/", // empty key
        "s3://AK:SECRETX@h/b/k/", // trailing slash: glance_store would read another key
        "s3://AKSECRETX@h/b/k", // no ':' in the credentials
        "s3://AK:SECRETX:more@h/b/k", // glance_store drops what follows a second ':'
        "s3://AK:SEC@RETX@h/b/k", // two '@'
        "s3://AK:SEC?RETX@h/b/k", // '?' ends the path for Python's URL parser
        "s3://AK:SEC#RETX@h/b/k",
        "s3://AK:SEC//RETX@h/b/k", // glance_store collapses '//'
        "s3://AK:SEC[RETX@h/b/k", // Python's URL parser takes '[' for an IPv6 host
        "s3://AK:@h/b/k", // empty secret
        "s3://AK:SECRETX@https://h/b/k", // a scheme inside: use s3+https
        "s3://AK:SECRETX@h:99999/b/k", // no such port
        "s3://AK:SECRETX@h\n/b/k",
        "s3://AK:SECRETX@bad host/b/k",
        "swift://AK:SECRETX@h/b/k",
        "",
    })
    void refusesWhatGlanceStoreWouldMisreadWithTheSecretMasked(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri)).isInstanceOf(BadStoreUriException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETX").doesNotContain("RETX"));
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> S3Location.parse(null)).isInstanceOf(BadStoreUriException.class);
    }

    @Test
    void theApiFindsTheParserThroughTheProvider() {
        assertThat(Locations.storeType("s3")).hasValue("s3");
        assertThat(Locations.storeType("S3+HTTPS")).hasValue("s3");
        assertThat(Locations.storeType("s3+http")).hasValue("s3");
        assertThat(Locations.parse("s3://AK:SK@h/b/k")).isEqualTo(S3Location.parse("s3://AK:SK@h/b/k"));
    }
}
