package io.glancestore.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.memory.MemoryLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocationsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "swift+http://test%3Atester:testing@127.0.0.1:8080/auth/v1.0/glance/abc"
            + " | swift+http://test%3Atester:***@127.0.0.1:8080/auth/v1.0/glance/abc",
        "swift://account:user:pass@authurl.com/c/o | swift://account:***@authurl.com/c/o",
        "s3://AKIA:s3cr3t/+x@s3.example.com/bucket/obj | s3://AKIA:***@s3.example.com/bucket/obj",
        "swift://u:p@ss?#/x@host/c/o | swift://u:***@host/c/o",
        "'swift://u:my key@host/c/o' | swift://u:***@host/c/o",
        "swift://user:pass@http://authurl.com/v1/c/o | swift://user:***@http://authurl.com/v1/c/o",
        "'failed: swift://u:k@h/c/o, retry' | 'failed: swift://u:***@h/c/o, retry'",
        "'auth failed for u:k@host' | 'auth failed for u:***@host'",
        "u:k@host/c/o | u:***@host/c/o",
        "file:///var/lib/glance/images/abc | file:///var/lib/glance/images/abc",
        "rbd://fsid/pool/img/snap | rbd://fsid/pool/img/snap",
        "swift+https://host:8080/v1/c/o | swift+https://host:8080/v1/c/o",
        "swift://user@host/c/o | swift://user@host/c/o",
        "'Error: sent to admin@example.com' | 'Error: sent to admin@example.com'",
        "'' | ''",
    })
    void masksKeys(String text, String masked) {
        assertThat(Locations.mask(text)).isEqualTo(masked);
    }

    @Test
    void masksEveryKeyWhenTextHoldsSeveral() {
        String masked = Locations.mask("copy https://a:k1@h1/x to https://b:k2@h2/y");

        assertThat(masked).doesNotContain("k1").doesNotContain("k2").startsWith("copy https://a:***@h2/y");
    }

    @Test
    void masksNullAndControlCharacters() {
        assertThat(Locations.mask(null)).isEqualTo("null");
        assertThat(Locations.mask("swift://u:k\r\nX@h/c/o\n")).isEqualTo("swift://u:***@h/c/o\\x0a");
        assertThat(Locations.mask("file:///a\u0000b")).isEqualTo("file:///a\\x00b");
        assertThat(Locations.mask("file:///a\ud800b\ud83d\ude00")).isEqualTo("file:///a\\ud800b\ud83d\ude00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "file:///x | file", "SWIFT+HTTPS://u:k@h/c/o | swift+https", "rbd://a | rbd", "vsphere://h/x?y | vsphere",
        "cinder://abc | cinder", "a.b-c+d:x | a.b-c+d",
    })
    void readsSchemes(String uri, String scheme) {
        assertThat(Locations.scheme(uri)).isEqualTo(scheme);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/var/x", "://x", "1abc://x", "sw ift://x", "sw_ift://x", "noscheme", ":x"})
    void refusesUrisWithoutScheme(String uri) {
        assertThatThrownBy(() -> Locations.scheme(uri)).isInstanceOf(BadStoreUriException.class);
    }

    @Test
    void refusesNullAndMasksInMessages() {
        assertThatThrownBy(() -> Locations.scheme(null)).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> Locations.scheme("s wift://u:secret@h/c/o"))
                .isInstanceOf(BadStoreUriException.class).hasMessageNotContaining("secret");
    }

    @Test
    void knowsTheStoreTypeOfTheSchemesOfTheProvidersOnTheClassPath() {
        assertThat(Locations.storeType("memory")).hasValue("memory");
        assertThat(Locations.storeType("MEMORY")).hasValue("memory");
        // The API knows no scheme of its own: the drivers are not on this module's class path.
        assertThat(Locations.storeType("file")).isEmpty();
        assertThat(Locations.storeType("cinder")).isEmpty();
        assertThat(Locations.storeType(null)).isEmpty();
    }

    @Test
    void parsesTheSchemesOfTheProvidersOnTheClassPathWithoutAStore() {
        // The in-memory store's provider declares its scheme and parses its locations.
        assertThat(Locations.parse("memory://m/img")).isEqualTo(MemoryLocation.of("m", "img"));
        assertThatThrownBy(() -> Locations.parse("memory://nothing")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> Locations.parse("rbd://fsid/pool/img/snap")).isInstanceOf(UnknownSchemeException.class);
        assertThatThrownBy(() -> Locations.parse("cinder://u:secret@x/y")).isInstanceOf(UnknownSchemeException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void syntaxChecksAreTheSameForLocationTypesElsewhere() {
        assertThat(LocationSyntax.badCharacter("a\nb")).contains("control character");
        assertThat(LocationSyntax.badCharacter("plain")).isNull();
        assertThat(LocationSyntax.hostPortProblem("h:70000")).contains("port");
        assertThat(LocationSyntax.hostPortProblem("[::1]:8080")).isNull();
        assertThat(LocationSyntax.invalid("s3", "s3://a:secret@h/b/k", "why")).hasMessage(
                "invalid s3 location s3://a:***@h/b/k: why");
    }
}
