package io.glancestore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.Locations;
import io.glancestore.location.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SwiftLocationTest {

    /** A key with every kind of character that needs care; it must never show. */
    private static final String KEY = "p@ss/w rd%\u00e9?#";
    private static final String QUOTED_KEY = "p%40ss%2Fw%20rd%25%C3%A9%3F%23";

    /**
     * Input; user, key, auth address, container, object and auth URL as glance_store parses them;
     * the URI it writes back (all checked against glance_store's StoreLocation).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "swift+http://test%3Atester:testing@127.0.0.1:8080/auth/v1.0/glance/abc | test:tester | testing"
            + " | 127.0.0.1:8080/auth/v1.0 | glance | abc | http://127.0.0.1:8080/auth/v1.0"
            + " | swift+http://test%3Atester:testing@127.0.0.1:8080/auth/v1.0/glance/abc",
        "swift://account:user:pass@authurl.com/v1/container/obj | account:user | pass | authurl.com/v1"
            + " | container | obj | https://authurl.com/v1 | swift://account%3Auser:pass@authurl.com/v1/container/obj",
        "swift+https://u:k@[::1]:8080/v2.0/c/o | u | k | [::1]:8080/v2.0 | c | o | https://[::1]:8080/v2.0"
            + " | swift+https://u:k@[::1]:8080/v2.0/c/o",
        "swift+https://example.com/v1/AUTH_x/c/o | - | - | example.com/v1/AUTH_x | c | o"
            + " | https://example.com/v1/AUTH_x | swift+https://example.com/v1/AUTH_x/c/o",
        "swift+http://[::1]:8080/v1/AUTH_x/glance/abc | - | - | [::1]:8080/v1/AUTH_x | glance | abc"
            + " | http://[::1]:8080/v1/AUTH_x | swift+http://[::1]:8080/v1/AUTH_x/glance/abc",
        "swift://u:k@host/c/o | u | k | host | c | o | https://host | swift://u:k@host/c/o",
        "swift+https://u%3Ab:k@host:443/c/o | u:b | k | host:443 | c | o | https://host:443"
            + " | swift+https://u%3Ab:k@host:443/c/o",
    })
    void parsesAsGlanceStore(String uri, String user, String key, String address, String container, String object,
            String authUrl, String written) {
        SwiftLocation location = SwiftLocation.parse(uri);

        assertThat(location.user().orElse(null)).isEqualTo(user);
        assertThat(location.key().orElse(null)).isEqualTo(key);
        assertThat(location.hasCredentials()).isEqualTo(key != null);
        assertThat(location.authAddress()).contains(address);
        assertThat(location.authUrl()).contains(authUrl);
        assertThat(location.container()).isEqualTo(container);
        assertThat(location.object()).isEqualTo(object);
        assertThat(location.reference()).isEmpty();
        assertThat(location.isConfigReference()).isFalse();
        assertThat(location.scheme()).isEqualTo(uri.substring(0, uri.indexOf(':')));
        assertThat(location.uri()).isEqualTo(written);
        assertThat(SwiftLocation.parse(written)).isEqualTo(location).hasSameHashCodeAs(location);
    }

    /**
     * glance_store reads this URI to these credentials. It writes them back with '/' unquoted
     * ({@code p%40ss/w%20rd...}), which it then cannot read itself; we quote '/' too.
     */
    @Test
    void readsAndWritesQuotedCredentials() {
        String uri = "swift+https://proj%3Aglance:" + QUOTED_KEY + "@keystone.example.com:5000/v3/glance/abc";

        SwiftLocation location = SwiftLocation.parse(uri);

        assertThat(location.user()).contains("proj:glance");
        assertThat(location.key()).contains(KEY);
        assertThat(location.authAddress()).contains("keystone.example.com:5000/v3");
        assertThat(location.uri()).isEqualTo(uri);
        assertThat(SwiftLocation.withCredentials("swift+https", "proj:glance", KEY,
                "https://keystone.example.com:5000/v3/", "/glance/", "abc")).isEqualTo(location);
    }

    @Test
    void masksOnlyTheKey() {
        SwiftLocation location = SwiftLocation.withCredentials("swift+http", "test:tester", KEY,
                "127.0.0.1:8080/auth/v1.0", "glance", "abc");

        String masked = "swift+http://test%3Atester:***@127.0.0.1:8080/auth/v1.0/glance/abc";
        assertThat(location.maskedUri()).isEqualTo(masked);
        assertThat(location).hasToString(masked);
        assertThat(Locations.mask(location.uri())).isEqualTo(masked);
        assertThat(location.uri()).contains(QUOTED_KEY);
        assertThat(SwiftLocation.parse("swift://test:testing@h/c/o").maskedUri()).isEqualTo("swift://test:***@h/c/o");
    }

    @Test
    void formatsEachForm() {
        assertThat(SwiftLocation.withCredentials("swift+http", "test:tester", "testing", "http://127.0.0.1:8080/auth/v1.0",
                "glance", "abc").uri())
                .isEqualTo("swift+http://test%3Atester:testing@127.0.0.1:8080/auth/v1.0/glance/abc");
        assertThat(SwiftLocation.withoutCredentials("swift+https", "https://store.example.com/v1/AUTH_a/", "glance",
                "abc").uri()).isEqualTo("swift+https://store.example.com/v1/AUTH_a/glance/abc");
        assertThat(SwiftLocation.withoutCredentials("swift", "[::1]:8080", "c", "o").uri())
                .isEqualTo("swift://[::1]:8080/c/o");

        SwiftLocation config = SwiftLocation.configReference("ref1", "glance", "abc");
        assertThat(config.uri()).isEqualTo("swift+config://ref1/glance/abc").isEqualTo(config.maskedUri());
        assertThat(config.reference()).contains("ref1");
        assertThat(config.isConfigReference()).isTrue();
        assertThat(config.hasCredentials()).isFalse();
        assertThat(config.authAddress()).isEmpty();
        assertThat(config.authUrl()).isEmpty();
        assertThat(SwiftLocation.parse(config.uri())).isEqualTo(config);
    }

    /** The user may hold unquoted ':' (split at the last one); a quoted ':' in the key stays in the key. */
    @Test
    void splitsCredentialsAtTheLastUnquotedColon() {
        SwiftLocation location = SwiftLocation.parse("swift://a:b:c%3Ad@host/c/o");

        assertThat(location.user()).contains("a:b");
        assertThat(location.key()).contains("c:d");
        assertThat(location.uri()).isEqualTo("swift://a%3Ab:c%3Ad@host/c/o");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "swift+https://user:" + QUOTED_KEY + "@host/c",
        "swift+https://user:" + QUOTED_KEY + "@host",
        "swift+https://user:" + QUOTED_KEY + "@host/c/",
        "swift+https://user:" + QUOTED_KEY + "@host//o",
        "swift+https://user:" + QUOTED_KEY + "@host//v1/c/o",
        "swift+https://user:" + QUOTED_KEY + "@/c/o",
        "swift+https://:" + QUOTED_KEY + "@host/c/o",
        "swift+https://user:@host/c/o",
        "swift+https://user:p@ss@host/c/o",
        "swift+https://user:p/ss@host/v1/c/o",
        "swift+https://user:p/ss@host/c/o",
        "swift+https://user:1/ss@host/c/o",
        "swift+https://user:" + QUOTED_KEY + "@host/c/o?x=1",
        "swift+https://user:" + QUOTED_KEY + "@host/c/o#f",
        "swift+https://user:" + QUOTED_KEY + "@host/c/o\r\n",
        "swift+https://user:" + QUOTED_KEY + "\n@host/c/o",
        "swift+https://user:" + QUOTED_KEY + "@ho\u0000st/c/o",
        "swift+https://user:" + QUOTED_KEY + "%0A@host/c/o",
        "swift+https://user:" + QUOTED_KEY + "%zz@host/c/o",
        "swift+https://user:" + QUOTED_KEY + "%FF@host/c/o",
        "swift+https://user:" + QUOTED_KEY + "@http://host/v1/c/o",
        "swift+https://user:" + QUOTED_KEY + "@host:99999/c/o",
        "swift+https://user:" + QUOTED_KEY + "@host:/c/o",
        "swift+https://user:" + QUOTED_KEY + "@[::1/c/o",
        "swift+https://user:" + QUOTED_KEY + "@::1/c/o",
        "swift+https://user:" + QUOTED_KEY + "@host/c/o@x",
        "swift+config://user:" + QUOTED_KEY + "@ref/c/o",
        "swift+config://ref/v1/c/o",
        "swift+config:///c/o",
        "SWIFT://user:" + QUOTED_KEY + "@host/c/o",
        "swift+ftp://user:" + QUOTED_KEY + "@host/c/o",
    })
    void refusesMalformedLocationsWithoutShowingTheKey(String uri) {
        assertThatThrownBy(() -> SwiftLocation.parse(uri))
                .isInstanceOf(BadStoreUriException.class)
                .hasMessageStartingWith("invalid swift location")
                .hasMessageNotContaining(QUOTED_KEY).hasMessageNotContaining("ss@")
                .hasMessageNotContaining("p/ss").hasMessageNotContaining("1/ss")
                .hasMessageNotContaining("\n").hasMessageNotContaining("\r");
    }

    @Test
    void hidesAKeyWhoseColonIsMissing() {
        assertThatThrownBy(() -> SwiftLocation.parse("swift://s3cr3t@host/c/o"))
                .isInstanceOf(BadStoreUriException.class)
                .hasMessageContaining("user>:<key")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void refusesBadParts() {
        assertThatThrownBy(() -> SwiftLocation.parse(null)).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> SwiftLocation.withCredentials("swift+config", "u", KEY, "h", "c", "o"))
                .isInstanceOf(BadStoreUriException.class).hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> SwiftLocation.withCredentials("swift+https", "u", KEY, "http://h", "c", "o"))
                .isInstanceOf(BadStoreUriException.class).hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> SwiftLocation.withCredentials("swift+https", "u", "", "h", "c", "o"))
                .isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> SwiftLocation.withCredentials("swift+https", "u", "k\r\n", "h", "c", "o"))
                .isInstanceOf(BadStoreUriException.class).hasMessageNotContaining("k\r");
        assertThatThrownBy(() -> SwiftLocation.withoutCredentials("swift", "h", "c", "a/b"))
                .isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> SwiftLocation.withoutCredentials("swift", "h", "", "o"))
                .isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> SwiftLocation.configReference("a@b", "c", "o"))
                .isInstanceOf(BadStoreUriException.class);
    }
}
