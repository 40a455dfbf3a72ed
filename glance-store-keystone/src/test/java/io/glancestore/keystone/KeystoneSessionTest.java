package io.glancestore.keystone;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keystone v3 played by WireMock: both authentication paths, the catalog, renewal, refusals. */
class KeystoneSessionTest {

    @RegisterExtension
    static WireMockExtension keystone = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private String base() {
        return "http://localhost:" + keystone.getPort();
    }

    private String token(String expires) {
        return "{\"token\": {\"methods\": [\"password\"], \"expires_at\": \"" + expires + "\","
                + "\"catalog\": [{\"type\": \"image\", \"id\": \"s1\", \"name\": \"glance\", \"endpoints\": ["
                + "{\"id\": \"e1\", \"interface\": \"public\", \"region\": \"RegionOne\", \"region_id\": \"RegionOne\", \"url\": \"https://glance.public:9292\"},"
                + "{\"id\": \"e2\", \"interface\": \"internal\", \"region\": \"RegionOne\", \"region_id\": \"RegionOne\", \"url\": \"http://glance.internal:9292\"},"
                + "{\"id\": \"e3\", \"interface\": \"internal\", \"region\": \"RegionTwo\", \"region_id\": \"RegionTwo\", \"url\": \"http://glance.two:9292\"}]}]}}";
    }

    private void answer(String subjectToken, String expires) {
        keystone.stubFor(post("/v3/auth/tokens").willReturn(aResponse().withStatus(201)
                .withHeader("X-Subject-Token", subjectToken).withHeader("Content-Type", "application/json")
                .withBody(token(expires))));
    }

    @Test
    void passwordThroughOpenStack4jGivesTheTokenAndItsCatalog() throws Exception {
        answer("tok-1", "2099-01-01T00:00:00.000000Z");
        KeystoneCredentials c = KeystoneCredentials.builder(base() + "/v3").password("glance", "pw-secret")
                .projectName("service").build();
        KeystoneToken t = KeystoneSession.builder(c).build().authenticate();
        assertThat(t.id()).isEqualTo("tok-1");
        assertThat(t.endpoint("image", "internal", "RegionTwo")).contains("http://glance.two:9292");
        assertThat(t.endpoint("image", "publicURL", null)).contains("https://glance.public:9292");
        assertThat(t.endpoint("object-store", "public", null)).isEmpty();
        assertThat(t.toString()).doesNotContain("tok-1");
        keystone.verify(postRequestedFor(urlEqualTo("/v3/auth/tokens"))
                .withRequestBody(matchingJsonPath("$.auth.identity.password.user.name", equalTo("glance")))
                .withRequestBody(matchingJsonPath("$.auth.identity.password.user.domain.id", equalTo("default")))
                .withRequestBody(matchingJsonPath("$.auth.scope.project.name", equalTo("service"))));
    }

    @Test
    void applicationCredentialsAndCustomTlsGoThroughTheJdkClient() throws Exception {
        answer("tok-2", "2099-01-01T00:00:00Z");
        KeystoneCredentials app = KeystoneCredentials.builder(base() + "/v3").applicationCredential("ac1", "s3")
                .build();
        assertThat(KeystoneSession.builder(app).build().authenticate().id()).isEqualTo("tok-2");
        keystone.verify(postRequestedFor(urlEqualTo("/v3/auth/tokens"))
                .withRequestBody(matchingJsonPath("$.auth.identity.application_credential.id", equalTo("ac1")))
                .withRequestBody(matchingJsonPath("$.auth.identity.application_credential.secret", equalTo("s3"))));
        KeystoneCredentials byId = KeystoneCredentials.builder(base() + "/v3").passwordOfUserId("u-1", "pw")
                .projectId("p-1").build();
        KeystoneSession custom = KeystoneSession.builder(byId).http(HttpSettings.defaults().tls(null, true)).build();
        assertThat(custom.authenticate().endpoint("image", "public", null)).isPresent();
        keystone.verify(postRequestedFor(urlEqualTo("/v3/auth/tokens"))
                .withRequestBody(matchingJsonPath("$.auth.identity.password.user.id", equalTo("u-1")))
                .withRequestBody(matchingJsonPath("$.auth.scope.project.id", equalTo("p-1"))));
    }

    @Test
    void aTokenNearItsExpiryIsRenewedAndARefusedOneOnlyOnce() throws Exception {
        answer("tok-3", "2030-01-01T00:00:00Z");
        Clock early = Clock.fixed(Instant.parse("2029-12-31T23:00:00Z"), ZoneOffset.UTC);
        KeystoneCredentials c = KeystoneCredentials.builder(base() + "/v3").applicationCredential("ac", "s").build();
        KeystoneSession s = KeystoneSession.builder(c).expireSoon(Duration.ofMinutes(5)).clock(early).build();
        KeystoneToken first = s.token();
        assertThat(s.token()).isSameAs(first);
        KeystoneToken renewed = s.renew(first);
        assertThat(renewed).isNotSameAs(first);
        assertThat(s.renew(first)).isSameAs(renewed);
        KeystoneSession late = KeystoneSession.builder(c).expireSoon(Duration.ofHours(2)).clock(early).build();
        KeystoneToken a = late.token();
        assertThat(late.token()).isNotSameAs(a);
    }

    @Test
    void refusalsAndOutagesAreTyped() {
        keystone.stubFor(post("/v3/auth/tokens").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": {\"code\": 401}}")));
        KeystoneCredentials pw = KeystoneCredentials.builder(base() + "/v3").password("glance", "pw-secret").build();
        assertThatThrownBy(() -> KeystoneSession.builder(pw).build().authenticate())
                .isInstanceOf(AuthorizationFailureException.class).hasMessageContaining("user glance")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("pw-secret"));
        KeystoneCredentials app = KeystoneCredentials.builder(base() + "/v3").applicationCredential("ac", "app-s")
                .build();
        assertThatThrownBy(() -> KeystoneSession.builder(app).build().authenticate())
                .isInstanceOf(AuthorizationFailureException.class).hasMessageContaining("application credential ac")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("app-s"));
        keystone.stubFor(post("/v3/auth/tokens").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> KeystoneSession.builder(app).build().authenticate())
                .isInstanceOf(RemoteServiceUnavailableException.class);
        assertThatThrownBy(() -> KeystoneSession.builder(pw).build().authenticate())
                .isInstanceOf(RemoteServiceUnavailableException.class);
    }
}
