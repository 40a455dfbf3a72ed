package io.glancestore.swift;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.glancestore.ImageData;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a healthy Swift never shows, played by WireMock: 5xx storms, expiring tokens, slow
 * answers, wrong ETags, unchecked statuses, and Keystone v3 with its catalog.
 */
class SwiftFaultsTest {

    @RegisterExtension
    static WireMockExtension swift = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private String base;

    @BeforeEach
    void tempauth() {
        base = "http://localhost:" + swift.getPort();
        swift.stubFor(get("/auth/v1.0").willReturn(aResponse().withStatus(200)
                .withHeader("X-Auth-Token", "tok1").withHeader("X-Storage-Url", base + "/v1/AUTH_t")));
    }

    private SwiftStore.Builder store() {
        return SwiftStore.builder().authAddress(base + "/auth/v1.0").authVersion("1").user("t:u").key("k3y")
                .option("swift_store_request_retries", "2").option("swift_store_large_object_size_bytes", "100000")
                .option("swift_store_large_object_chunk_size_bytes", "60000");
    }

    private String location(String object) {
        return "swift+http://t%3Au:k3y@localhost:" + swift.getPort() + "/auth/v1.0/glance/" + object;
    }

    @Test
    void a503StormIsRetriedThenReportedAsUnavailable() {
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(503)));
        try (SwiftStore store = store().build()) {
            assertThatThrownBy(() -> store.size(location("img"))).isInstanceOf(RemoteServiceUnavailableException.class);
        }
        swift.verify(3, headRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img")));
    }

    @Test
    void aShort503StormIsRiddenOut() {
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).inScenario("storm").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("one"));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).inScenario("storm").whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("calm"));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).inScenario("storm").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "1234")));
        try (SwiftStore store = store().build()) {
            assertThat(store.size(location("img"))).isEqualTo(1234);
        }
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheRequestReplayed() {
        swift.stubFor(get("/auth/v1.0").inScenario("auth").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("X-Auth-Token", "old")
                        .withHeader("X-Storage-Url", base + "/v1/AUTH_t")).willSetStateTo("renewed"));
        swift.stubFor(get("/auth/v1.0").inScenario("auth").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withStatus(200).withHeader("X-Auth-Token", "new")
                        .withHeader("X-Storage-Url", base + "/v1/AUTH_t")));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).withHeader("X-Auth-Token", equalTo("old"))
                .willReturn(aResponse().withStatus(401)));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).withHeader("X-Auth-Token", equalTo("new"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "7")));
        try (SwiftStore store = store().build()) {
            assertThat(store.size(location("img"))).isEqualTo(7);
            assertThat(store.size(location("img"))).isEqualTo(7);
        }
        swift.verify(2, getRequestedFor(urlEqualTo("/auth/v1.0")));
    }

    @Test
    void aTokenRefusedAfterRenewalIsAnAuthorizationFailure() {
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(401)));
        try (SwiftStore store = store().build()) {
            assertThatThrownBy(() -> store.size(location("img"))).isInstanceOf(AuthorizationFailureException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("k3y").doesNotContain("tok1"));
        }
        swift.verify(2, getRequestedFor(urlEqualTo("/auth/v1.0")));
        swift.verify(2, headRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img")));
    }

    @Test
    void aSlowAnswerTimesOut() {
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "7").withFixedDelay(5_000)));
        try (SwiftStore store = store().requestTimeout(Duration.ofMillis(300))
                .option("swift_store_request_retries", "0").build()) {
            // On a loaded machine the token request may be the one that times out, while connecting.
            assertThatThrownBy(() -> store.size(location("img"))).isInstanceOf(RemoteServiceUnavailableException.class)
                    .hasMessageMatching("(?s).*Http(Connect)?TimeoutException.*");
        }
    }

    @Test
    void anAuthServiceNobodyAnswersIsUnavailableNotABackendError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (SwiftStore store = SwiftStore.builder().authAddress("http://127.0.0.1:" + closed + "/auth/v1.0")
                .authVersion("1").user("t:u").key("k3y").option("swift_store_request_retries", "0").build()) {
            String location = "swift+http://t%3Au:k3y@127.0.0.1:" + closed + "/auth/v1.0/glance/img";
            assertThatThrownBy(() -> store.size(location)).isInstanceOf(RemoteServiceUnavailableException.class)
                    .hasMessageContaining("cannot be reached")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("k3y"));
        }
    }

    private void emptyContainer() {
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance")).willReturn(aResponse().withStatus(204)));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(404)));
        swift.stubFor(delete(urlPathEqualTo("/v1/AUTH_t/glance/img-00001")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void aSegmentWithAWrongETagFailsTheAddAndIsDeleted() {
        emptyContainer();
        swift.stubFor(put(urlEqualTo("/v1/AUTH_t/glance/img-00001"))
                .willReturn(aResponse().withStatus(201).withHeader("Etag", "\"0123456789abcdef0123456789abcdef\"")));
        GeneratedImage image = GeneratedImage.of(1, 150_000);
        try (SwiftStore store = store().build()) {
            assertThatThrownBy(() -> store.add("img", image.openStream(), image.size()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("ETag");
        }
        swift.verify(putRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img-00001")).withHeader("If-None-Match", equalTo("*")));
        swift.verify(deleteRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img-00001")));
        swift.verify(0, putRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img")));
    }

    @Test
    void everyPutStatusIsChecked() {
        emptyContainer();
        swift.stubFor(put(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(413)));
        try (SwiftStore store = store().build()) {
            assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[5000]), 5000))
                    .isInstanceOf(StorageFullException.class);
        }
        swift.stubFor(put(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(412)));
        try (SwiftStore store = store().build()) {
            assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[5000]), 5000))
                    .isInstanceOf(DuplicateException.class);
        }
        swift.stubFor(put(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(500)));
        try (SwiftStore store = store().option("swift_store_request_retries", "0").build()) {
            assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[5000]), 5000))
                    .isInstanceOf(RemoteServiceUnavailableException.class);
        }
    }

    @Test
    void aManifestThatServesTheWrongSizeFailsTheAddAndEverythingIsDeleted() {
        emptyContainer();
        swift.stubFor(put(urlEqualTo("/v1/AUTH_t/glance/img-00001")).willReturn(aResponse().withStatus(201)
                .withHeader("Etag", GeneratedImage.of(2, 60_000).md5Hex())));
        swift.stubFor(put(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(201)));
        swift.stubFor(delete(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(204)));
        // After the manifest PUT the object "exists" but a broken listing serves a wrong size.
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).inScenario("m").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)).willSetStateTo("written"));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).inScenario("m").whenScenarioStateIs("written")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "5")));
        GeneratedImage image = GeneratedImage.of(2, 60_000);
        try (SwiftStore store = store().build()) {
            assertThatThrownBy(() -> store.add("img", image.openStream(), -1)).isInstanceOf(GlanceStoreException.class)
                    .hasMessageContaining("serves 5 bytes");
        }
        swift.verify(putRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img"))
                .withHeader("X-Object-Manifest", equalTo("glance/img-")).withHeader("If-None-Match", equalTo("*")));
        swift.verify(deleteRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img")));
        swift.verify(deleteRequestedFor(urlEqualTo("/v1/AUTH_t/glance/img-00001")));
    }

    private static String keystoneToken(String base) {
        return "{\"token\": {\"methods\": [\"password\"], \"expires_at\": \"2099-01-01T00:00:00.000000Z\","
                + "\"issued_at\": \"2026-01-01T00:00:00.000000Z\","
                + "\"project\": {\"id\": \"p1\", \"name\": \"service\", \"domain\": {\"id\": \"default\", \"name\": \"Default\"}},"
                + "\"user\": {\"id\": \"u1\", \"name\": \"glance\", \"domain\": {\"id\": \"default\", \"name\": \"Default\"}},"
                + "\"catalog\": [{\"type\": \"object-store\", \"id\": \"s1\", \"name\": \"swift\", \"endpoints\": ["
                + "{\"id\": \"e1\", \"interface\": \"public\", \"region\": \"RegionOne\", \"region_id\": \"RegionOne\", \"url\": \"" + base + "/v1/AUTH_public\"},"
                + "{\"id\": \"e2\", \"interface\": \"internal\", \"region\": \"RegionOne\", \"region_id\": \"RegionOne\", \"url\": \"" + base + "/v1/AUTH_internal\"},"
                + "{\"id\": \"e3\", \"interface\": \"public\", \"region\": \"RegionTwo\", \"region_id\": \"RegionTwo\", \"url\": \"" + base + "/v1/AUTH_two\"}]},"
                + "{\"type\": \"identity\", \"id\": \"s2\", \"name\": \"keystone\", \"endpoints\": ["
                + "{\"id\": \"e4\", \"interface\": \"public\", \"region\": \"RegionOne\", \"region_id\": \"RegionOne\", \"url\": \"" + base + "/v3\"}]}]}}";
    }

    @Test
    void keystoneV3PasswordThroughOpenStack4jPicksTheCatalogEndpoint() {
        swift.stubFor(post("/v3/auth/tokens").willReturn(aResponse().withStatus(201)
                .withHeader("X-Subject-Token", "ks-token").withHeader("Content-Type", "application/json")
                .withBody(keystoneToken(base))));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_internal/glance/img")).withHeader("X-Auth-Token", equalTo("ks-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "42")));
        try (SwiftStore store = SwiftStore.builder().authAddress(base + "/v3").authVersion("3")
                .user("service:glance").key("s3cret").option("swift_store_endpoint_type", "internalURL")
                .option("swift_store_region", "RegionOne").build()) {
            String location = "swift+http://service%3Aglance:s3cret@localhost:" + swift.getPort() + "/v3/glance/img";
            assertThat(store.size(location)).isEqualTo(42);
        }
        swift.verify(postRequestedFor(urlEqualTo("/v3/auth/tokens"))
                .withRequestBody(matchingJsonPath("$.auth.identity.password.user.name", equalTo("glance")))
                .withRequestBody(matchingJsonPath("$.auth.scope.project.name", equalTo("service"))));
    }

    @Test
    void keystoneV3ApplicationCredential() {
        swift.stubFor(post("/v3/auth/tokens").withRequestBody(containing("application_credential"))
                .willReturn(aResponse().withStatus(201).withHeader("X-Subject-Token", "app-token")
                        .withHeader("Content-Type", "application/json").withBody(keystoneToken(base))));
        swift.stubFor(head(urlEqualTo("/v1/AUTH_two/glance/img")).withHeader("X-Auth-Token", equalTo("app-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "9")));
        swift.stubFor(any(urlPathEqualTo("/v1/AUTH_two/glance/img")).atPriority(10)
                .willReturn(aResponse().withStatus(500)));
        try (SwiftStore store = SwiftStore.builder().authAddress(base + "/v3").applicationCredential("ac1")
                .key("app-secret").option("swift_store_region", "RegionTwo").build()) {
            assertThat(store.capabilities()).contains(io.glancestore.Capability.WRITE_ACCESS);
            String location = "swift+http://localhost:" + swift.getPort() + "/v1/AUTH_two/glance/img";
            assertThat(store.size(location)).isEqualTo(9);
        }
        swift.verify(postRequestedFor(urlEqualTo("/v3/auth/tokens"))
                .withRequestBody(matchingJsonPath("$.auth.identity.application_credential.id", equalTo("ac1"))));
    }

    @Test
    void refusedKeystoneCredentialsAreAnAuthorizationFailure() {
        swift.stubFor(post("/v3/auth/tokens").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": {\"code\": 401}}")));
        try (SwiftStore store = SwiftStore.builder().authAddress(base + "/v3").user("service:glance").key("s3cret")
                .build()) {
            String location = "swift+http://service%3Aglance:s3cret@localhost:" + swift.getPort() + "/v3/glance/img";
            assertThatThrownBy(() -> store.size(location)).isInstanceOf(AuthorizationFailureException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cret"));
        }
    }

    @Test
    void readsAskForTheirRange() throws Exception {
        swift.stubFor(head(urlEqualTo("/v1/AUTH_t/glance/img")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "100")));
        swift.stubFor(get(urlEqualTo("/v1/AUTH_t/glance/img")).withHeader("Range", equalTo("bytes=10-19"))
                .willReturn(aResponse().withStatus(206).withBody("0123456789")));
        try (SwiftStore store = store().build(); ImageData data = store.get(location("img"), 10, 10)) {
            assertThat(new String(data.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("0123456789");
        }
    }
}
