package io.glancestore.vmware.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.glancestore.ImageStore;
import io.glancestore.ImageStores;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.spi.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data path against a scripted HTTPS server, for what vcsim does not do: refuse a stale
 * session cookie, drop an upload, redirect, fail with 5xx, answer slowly, ignore Range.
 */
class DataPathWireMockTest {

    private static final String DIR = "/folder/openstack_glance/";
    private static final String QUERY = "?dsName=ds1&dcPath=dc1";

    private WireMockServer server;
    private FakeVsphere vsphere;
    private FolderClient client;
    private VmwareStoreConfig config;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicHttpsPort().httpDisabled(true).bindAddress("127.0.0.1"));
        server.start();
        vsphere = new FakeVsphere();
        config = config(Map.of());
        client = new FolderClient(config, TlsSettings.of(config.caFile(), true), vsphere, origin());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String origin() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    private VmwareStoreConfig config(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("vmware_server_host", "127.0.0.1:" + server.httpsPort(),
                "vmware_server_username", "glance", "vmware_server_password", "s3cret",
                "vmware_insecure", "true", "vmware_api_retry_count", "3", "vmware_datastores", "dc1:ds1"));
        options.putAll(extra);
        return VmwareStoreConfig.from(StoreOptions.of("test", options));
    }

    private static String target(String name) {
        return DIR + name + QUERY;
    }

    @Test
    void staleCookieOnGetLogsInAgainAndRetries() throws Exception {
        server.stubFor(get(urlPathEqualTo(DIR + "img")).withHeader("Cookie", equalTo(FakeVsphere.cookieOf(1)))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(get(urlPathEqualTo(DIR + "img")).withHeader("Cookie", equalTo(FakeVsphere.cookieOf(2)))
                .willReturn(aResponse().withStatus(200).withBody("hello")));

        try (InputStream in = client.get(target("img"), 0, 5)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
        assertThat(vsphere.calls).containsExactly("renew");
    }

    @Test
    void staleCookieOnHeadLogsInAgainAndRetries() {
        server.stubFor(head(urlPathEqualTo(DIR + "img")).withHeader("Cookie", equalTo(FakeVsphere.cookieOf(1)))
                .willReturn(aResponse().withStatus(401)));
        server.stubFor(head(urlPathEqualTo(DIR + "img")).withHeader("Cookie", equalTo(FakeVsphere.cookieOf(2)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "1234")));

        assertThat(client.size(target("img"))).isEqualTo(1234);
        assertThat(vsphere.calls).containsExactly("renew");
    }

    @Test
    void sessionRefusedEveryTimeGivesUpAfterTheRetryCount() {
        server.stubFor(head(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> client.size(target("img"))).isInstanceOf(AuthorizationFailureException.class)
                .hasMessageNotContaining("session-");
        server.verify(3, com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor(urlPathEqualTo(DIR + "img")));
        assertThat(vsphere.calls).containsExactly("renew", "renew");
    }

    @Test
    void redirectsAreFollowedWithTheCookie() throws Exception {
        server.stubFor(get(urlPathEqualTo(DIR + "a")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", DIR + "b" + QUERY)));
        server.stubFor(get(urlPathEqualTo(DIR + "b")).willReturn(aResponse().withStatus(307)
                .withHeader("Location", origin() + DIR + "c" + QUERY)));
        server.stubFor(get(urlPathEqualTo(DIR + "c")).withHeader("Cookie", equalTo(FakeVsphere.cookieOf(1)))
                .willReturn(aResponse().withStatus(200).withBody("moved")));

        try (InputStream in = client.get(target("a"), 0, 5)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("moved");
        }
    }

    @Test
    void moreThanFiveRedirectsFail() {
        for (int i = 0; i < 7; i++) {
            server.stubFor(get(urlPathEqualTo(DIR + "r" + i)).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", DIR + "r" + (i + 1) + QUERY)));
        }
        server.stubFor(get(urlPathEqualTo(DIR + "r7")).willReturn(aResponse().withStatus(200).withBody("x")));

        assertThatThrownBy(() -> client.get(target("r0"), 0, 1)).isInstanceOf(RemoteServiceUnavailableException.class)
                .hasMessageContaining("redirects");
        server.verify(6, getRequestedFor(urlPathMatching(DIR + "r.*")));
    }

    @Test
    void redirectToAnotherServerDoesNotCarryTheCookie() throws Exception {
        WireMockServer other = new WireMockServer(wireMockConfig().dynamicHttpsPort().httpDisabled(true)
                .bindAddress("127.0.0.1"));
        other.start();
        try {
            other.stubFor(get(urlPathEqualTo(DIR + "x")).withHeader("Cookie", absent())
                    .willReturn(aResponse().withStatus(200).withBody("other")));
            server.stubFor(get(urlPathEqualTo(DIR + "x")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", "https://127.0.0.1:" + other.httpsPort() + DIR + "x" + QUERY)));

            try (InputStream in = client.get(target("x"), 0, 5)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("other");
            }
        } finally {
            other.stop();
        }
    }

    @Test
    void transientServerErrorsAreRetried() throws Exception {
        server.stubFor(get(urlPathEqualTo(DIR + "img")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("once"));
        server.stubFor(get(urlPathEqualTo(DIR + "img")).inScenario("flaky").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(200).withBody("ok")));

        try (InputStream in = client.get(target("img"), 0, 2)) {
            assertThat(in.readAllBytes()).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void persistentServerErrorsFailTyped() {
        server.stubFor(get(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> client.get(target("img"), 0, 2)).isInstanceOf(RemoteServiceUnavailableException.class)
                .hasMessageContaining("500");
        server.verify(FolderClient.TRANSIENT_ATTEMPTS, getRequestedFor(urlPathEqualTo(DIR + "img")));
    }

    @Test
    void aSlowServerTimesOutTyped() {
        FolderClient impatient = new FolderClient(config(Map.of("vmware_http_timeout", "1")),
                TlsSettings.of(config.caFile(), true), vsphere, origin());
        server.stubFor(head(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "3").withFixedDelay(4000)));

        assertThatThrownBy(() -> impatient.size(target("img"))).isInstanceOf(RemoteServiceUnavailableException.class)
                .hasMessageContaining("SocketTimeoutException");
    }

    @Test
    void aMissingFileIsNotFound() {
        server.stubFor(head(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> client.size(target("img"))).isInstanceOf(NotFoundException.class);
        assertThat(client.exists(target("img"))).isFalse();
    }

    @Test
    void aServerIgnoringRangeStillGivesTheAskedBytes() throws Exception {
        server.stubFor(get(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(200).withBody("0123456789")));

        try (InputStream in = client.get(target("img"), 3, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("3456");
        }
        server.verify(getRequestedFor(urlPathEqualTo(DIR + "img")).withHeader("Range", equalTo("bytes=3-6")));
    }

    @Test
    void aBodyEndingEarlyFails() {
        server.stubFor(get(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(206)
                .withHeader("Content-Range", "bytes 0-9/10").withBody("01234")));

        assertThatThrownBy(() -> {
            try (InputStream in = client.get(target("img"), 0, 10)) {
                in.readAllBytes();
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void uploadOfKnownSizeSendsContentLengthAndTheCookie() {
        server.stubFor(put(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(201)));

        FolderClient.Upload upload = client.put(target("img"), 5);
        upload.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        upload.finish();

        server.verify(putRequestedFor(urlPathEqualTo(DIR + "img")).withHeader("Content-Length", equalTo("5"))
                .withHeader("Cookie", equalTo(FakeVsphere.cookieOf(1))).withQueryParam("dsName", equalTo("ds1"))
                .withQueryParam("dcPath", equalTo("dc1")));
    }

    @Test
    void uploadOfUnknownSizeIsChunked() {
        server.stubFor(put(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(200)));

        FolderClient.Upload upload = client.put(target("img"), -1);
        upload.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        upload.finish();

        server.verify(putRequestedFor(urlPathEqualTo(DIR + "img")).withHeader("Transfer-Encoding", equalTo("chunked"))
                .withHeader("Content-Length", absent()));
    }

    @Test
    void uploadAnswered409IsDuplicate() {
        server.stubFor(put(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(409)));

        FolderClient.Upload upload = client.put(target("img"), 1);
        upload.write(new byte[1], 0, 1);
        assertThatThrownBy(upload::finish).isInstanceOf(DuplicateException.class);
    }

    @Test
    void uploadAnswered401RenewsTheSessionAndFailsTyped() {
        server.stubFor(put(urlPathEqualTo(DIR + "img")).willReturn(aResponse().withStatus(401)));

        FolderClient.Upload upload = client.put(target("img"), 1);
        upload.write(new byte[1], 0, 1);
        assertThatThrownBy(upload::finish).isInstanceOf(AuthorizationFailureException.class);
        assertThat(vsphere.calls).containsExactly("renew");
    }

    @Test
    void aTornUploadFailsTypedAndStoresNothing() {
        server.stubFor(head(urlPathMatching(DIR + ".*")).willReturn(aResponse().withStatus(404)));
        server.stubFor(put(urlPathMatching(DIR + ".*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ImageStore store = ImageStores.of(new VmwareStoreDriver(config, vsphere, TlsSettings.of(config.caFile(), true)));
        byte[] image = new byte[3 << 20];
        new Random(7).nextBytes(image);

        assertThatThrownBy(() -> store.add("img-1", new ByteArrayInputStream(image), image.length))
                .isInstanceOf(GlanceStoreException.class);

        assertThat(vsphere.calls).noneMatch(call -> call.startsWith("move"));
        assertThat(vsphere.calls).anyMatch(call -> call.matches("delete \\[ds1\\] openstack_glance/\\.img-1\\..*\\.partial"));
    }

    @Test
    void anAddUploadsBesideTheImageThenRenamesIt() throws Exception {
        server.stubFor(head(urlPathMatching(DIR + ".*")).willReturn(aResponse().withStatus(404)));
        server.stubFor(put(urlPathMatching(DIR + "\\.img-2\\..*\\.partial")).willReturn(aResponse().withStatus(201)));
        ImageStore store = ImageStores.of(new VmwareStoreDriver(config, vsphere, TlsSettings.of(config.caFile(), true)));

        String location = store.add("img-2", new ByteArrayInputStream(new byte[10]), 10).location();

        assertThat(location).isEqualTo("vsphere://127.0.0.1:" + server.httpsPort()
                + "/folder/openstack_glance/img-2?dsName=ds1&dcPath=dc1");
        assertThat(vsphere.calls).singleElement().asString()
                .matches("move \\[ds1\\] openstack_glance/\\.img-2\\..*\\.partial -> \\[ds1\\] openstack_glance/img-2");
        assertThat(store.handles(location)).isTrue();
    }
}
