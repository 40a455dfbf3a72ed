package io.glancestore.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
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
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.glancestore.AddResult;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.tck.GeneratedImage;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a healthy S3 never shows, played by WireMock: SlowDown storms, a part that fails for good
 * in the middle of a multipart upload, errors inside a 200, refused and expired credentials,
 * full quotas, wrong ETags, and objects that appear meanwhile.
 */
class S3FaultsTest {

    private static final long MIB = 1 << 20;
    private static final String SLOW_DOWN = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate."
            + "</Message></Error>";
    private static final String UPLOAD = "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>img</Key>"
            + "<UploadId>2~up-load/id</UploadId></InitiateMultipartUploadResult>";

    @RegisterExtension
    static WireMockExtension s3 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private S3Store.Builder store() {
        return S3Store.builder().host("http://localhost:" + s3.getPort()).accessKey("AKID").secretKey("SECRETKEY")
                .bucket("bkt").bucketUrlFormat("path").largeObjectSizeMiB(6).largeObjectChunkSizeMiB(5).threadPools(2)
                .option("s3_store_request_retries", "3").retryBackoff(Duration.ofMillis(1));
    }

    private String location() {
        return "s3://AKID:SECRETKEY@localhost:" + s3.getPort() + "/bkt/img";
    }

    @BeforeEach
    void bucketExistsImageDoesNot() {
        s3.stubFor(head(urlEqualTo("/bkt")).willReturn(aResponse().withStatus(200)));
        s3.stubFor(head(urlEqualTo("/bkt/img")).inScenario("add").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)));
    }

    @Test
    void aShortSlowDownStormIsRiddenOut() {
        s3.stubFor(head(urlEqualTo("/bkt/obj")).inScenario("storm").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("2"));
        s3.stubFor(head(urlEqualTo("/bkt/obj")).inScenario("storm").whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("3"));
        s3.stubFor(head(urlEqualTo("/bkt/obj")).inScenario("storm").whenScenarioStateIs("3")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "1234")));
        try (S3Store store = store().build()) {
            assertThat(store.size("s3://AKID:SECRETKEY@localhost:" + s3.getPort() + "/bkt/obj")).isEqualTo(1234);
        }
        s3.verify(3, headRequestedFor(urlEqualTo("/bkt/obj")));
    }

    @Test
    void aSlowDownStormThatLastsIsReportedAsUnavailableAfterTheRetries() {
        s3.stubFor(put(urlEqualTo("/bkt/img")).willReturn(aResponse().withStatus(503).withBody(SLOW_DOWN)));
        GeneratedImage image = GeneratedImage.of(1, 1000);
        try (S3Store store = store().build()) {
            assertThatThrownBy(() -> store.add("img", image.openStream(), image.size()))
                    .isInstanceOf(RemoteServiceUnavailableException.class).hasMessageContaining("SlowDown")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("SECRETKEY"));
        }
        s3.verify(4, putRequestedFor(urlEqualTo("/bkt/img")));
    }

    @Test
    void aSmallImageIsOnePutWithItsMd5AndRetriedThroughSlowDown() {
        GeneratedImage image = GeneratedImage.of(2, 300_000);
        String md5 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(image.md5Hex()));
        s3.stubFor(put(urlEqualTo("/bkt/img")).inScenario("put").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(SLOW_DOWN)).willSetStateTo("calm"));
        s3.stubFor(put(urlEqualTo("/bkt/img")).inScenario("put").whenScenarioStateIs("calm")
                .withHeader("Content-MD5", equalTo(md5)).withHeader("If-None-Match", equalTo("*"))
                .withHeader("x-amz-content-sha256", equalTo("UNSIGNED-PAYLOAD"))
                .withHeader("Authorization", containing("Credential=AKID/"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"" + image.md5Hex() + "\"")));
        try (S3Store store = store().build()) {
            AddResult added = store.add("img", image.openStream(), image.size());
            assertThat(added.location()).isEqualTo(location());
            assertThat(added.checksum()).isEqualTo(image.md5Hex());
        }
        s3.verify(2, putRequestedFor(urlEqualTo("/bkt/img")));
    }

    @Test
    void a500InTheMiddleOfAMultipartUploadAbortsItOnceEveryPartHasStopped() {
        stubMultipartStart();
        s3.stubFor(put(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part\"")));
        s3.stubFor(put(urlPathEqualTo("/bkt/img")).withQueryParam("partNumber", equalTo("2"))
                .willReturn(aResponse().withStatus(500).withBody("<Error><Code>InternalError</Code></Error>")));
        s3.stubFor(put(urlPathEqualTo("/bkt/img")).withQueryParam("partNumber", equalTo("3"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part-3\"").withFixedDelay(300)));
        s3.stubFor(delete(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id"))
                .willReturn(aResponse().withStatus(204)));
        GeneratedImage image = GeneratedImage.of(3, 16 * MIB + 5);
        try (S3Store store = store().build()) {
            assertThatThrownBy(() -> store.add("img", image.openStream(), image.size()))
                    .isInstanceOf(RemoteServiceUnavailableException.class).hasMessageContaining("part 2");
        }
        s3.verify(1, deleteRequestedFor(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId",
                equalTo("2~up-load/id")));
        s3.verify(0, postRequestedFor(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id")));
        s3.verify(4, putRequestedFor(urlPathEqualTo("/bkt/img")).withQueryParam("partNumber", equalTo("2")));
        // The abort comes last: no part can land after it and stay behind, orphaned.
        List<ServeEvent> events = s3.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        ServeEvent last = events.get(events.size() - 1);
        assertThat(last.getRequest().getMethod().getName()).isEqualTo("DELETE");
        assertThat(last.getRequest().getUrl()).contains("uploadId=");
    }

    @Test
    void aMultipartUploadCompletesWithEveryPartAndRidesOutAnErrorInsideA200() {
        stubMultipartStart();
        s3.stubFor(put(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"some-etag\"")));
        s3.stubFor(post(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id"))
                .inScenario("add").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("<Error><Code>InternalError</Code></Error>"))
                .willSetStateTo("retried"));
        s3.stubFor(post(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id"))
                .inScenario("add").whenScenarioStateIs("retried")
                .withRequestBody(containing("<Part><PartNumber>3</PartNumber><ETag>\"some-etag\"</ETag></Part>"))
                .willReturn(aResponse().withStatus(200).withBody("<CompleteMultipartUploadResult><ETag></ETag>"
                        + "</CompleteMultipartUploadResult>")).willSetStateTo("done"));
        GeneratedImage image = GeneratedImage.of(4, 11 * MIB);
        s3.stubFor(head(urlEqualTo("/bkt/img")).inScenario("add").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", Long.toString(image.size()))));
        try (S3Store store = store().build()) {
            AddResult added = store.add("img", image.openStream(), -1);
            assertThat(added.size()).isEqualTo(image.size());
            assertThat(added.multihash()).isEqualTo(image.sha512Hex());
        }
        s3.verify(3, putRequestedFor(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id")));
        s3.verify(2, postRequestedFor(urlPathEqualTo("/bkt/img")).withQueryParam("uploadId", equalTo("2~up-load/id")));
        s3.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void expiredOrUnknownCredentialsAreAnAuthorizationFailureAtOnce() {
        // A HEAD answer has no body: the store asks again with a one-byte GET to learn why.
        s3.stubFor(head(urlEqualTo("/bkt/obj")).willReturn(aResponse().withStatus(400)));
        s3.stubFor(get(urlEqualTo("/bkt/obj")).willReturn(aResponse().withStatus(400)
                .withBody("<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>")));
        s3.stubFor(put(urlEqualTo("/bkt/img")).willReturn(aResponse().withStatus(403)
                .withBody("<Error><Code>InvalidAccessKeyId</Code></Error>")));
        try (S3Store store = store().build()) {
            String base = "s3://AKID:SECRETKEY@localhost:" + s3.getPort() + "/bkt/";
            assertThatThrownBy(() -> store.get(base + "obj")).isInstanceOf(AuthorizationFailureException.class)
                    .hasMessageContaining("ExpiredToken")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("SECRETKEY"));
            assertThatThrownBy(() -> store.add("img", GeneratedImage.of(9, 10).openStream(), 10))
                    .isInstanceOf(AuthorizationFailureException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("SECRETKEY"));
        }
        // Never retried: new attempts with the same keys cannot succeed.
        s3.verify(1, headRequestedFor(urlEqualTo("/bkt/obj")));
        s3.verify(1, getRequestedFor(urlEqualTo("/bkt/obj")).withHeader("Range", equalTo("bytes=0-0")));
        s3.verify(1, putRequestedFor(urlEqualTo("/bkt/img")));
    }

    @Test
    void headAnswersHaveNoBodySoRefusalsAreTypedByStatus() {
        s3.stubFor(head(urlEqualTo("/bkt/obj")).willReturn(aResponse().withStatus(403)));
        try (S3Store store = store().build()) {
            assertThatThrownBy(() -> store.size("s3://AKID:SECRETKEY@localhost:" + s3.getPort() + "/bkt/obj"))
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void aFullQuotaIsStorageFull() {
        s3.stubFor(put(urlEqualTo("/bkt/img")).willReturn(aResponse().withStatus(403)
                .withBody("<Error><Code>QuotaExceeded</Code></Error>")));
        try (S3Store store = store().build()) {
            assertThatThrownBy(() -> store.add("img", GeneratedImage.of(5, 10).openStream(), 10))
                    .isInstanceOf(StorageFullException.class);
        }
    }

    @Test
    void anImageThatExistsOrAppearsMeanwhileIsADuplicateAndNotDeleted() {
        s3.stubFor(head(urlEqualTo("/bkt/there")).willReturn(aResponse().withStatus(200)));
        s3.stubFor(put(urlEqualTo("/bkt/img")).willReturn(aResponse().withStatus(412)
                .withBody("<Error><Code>PreconditionFailed</Code></Error>")));
        try (S3Store store = store().build()) {
            assertThatThrownBy(() -> store.add("there", GeneratedImage.of(6, 10).openStream(), 10))
                    .isInstanceOf(DuplicateException.class);
            assertThatThrownBy(() -> store.add("img", GeneratedImage.of(6, 10).openStream(), 10))
                    .isInstanceOf(DuplicateException.class);
        }
        s3.verify(0, putRequestedFor(urlEqualTo("/bkt/there")));
        s3.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void aWrongEtagFailsTheAddAndRemovesWhatWasStored() {
        s3.stubFor(put(urlEqualTo("/bkt/img")).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"00000000000000000000000000000000\"")));
        s3.stubFor(delete(urlEqualTo("/bkt/img")).willReturn(aResponse().withStatus(204)));
        try (S3Store store = store().build()) {
            assertThatThrownBy(() -> store.add("img", GeneratedImage.of(7, 1000).openStream(), 1000))
                    .isInstanceOf(BackendException.class).hasMessageContaining("ETag");
        }
        s3.verify(1, deleteRequestedFor(urlEqualTo("/bkt/img")));
    }

    @Test
    void aMissingBucketIsCreatedOnlyWhenAllowed() {
        s3.stubFor(head(urlEqualTo("/new")).willReturn(aResponse().withStatus(404)));
        try (S3Store store = store().bucket("new").build()) {
            assertThatThrownBy(() -> store.add("img", GeneratedImage.of(8, 10).openStream(), 10))
                    .isInstanceOf(BackendException.class).hasMessageContaining("s3_store_create_bucket_on_put");
        }
        s3.verify(0, putRequestedFor(urlEqualTo("/new")));
        s3.verify(0, anyRequestedFor(urlEqualTo("/new/img")));
    }

    private void stubMultipartStart() {
        s3.stubFor(post(urlEqualTo("/bkt/img?uploads=")).willReturn(aResponse().withStatus(200).withBody(UPLOAD)));
    }
}
