package io.glancestore.glance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.glancestore.ImageData;
import io.glancestore.copy.ExpectedHashes;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.keystone.CloudConfig;
import io.glancestore.keystone.KeystoneCredentials;
import io.glancestore.keystone.TrustedIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Glance client's requests and its reading of answers, with Glance played by WireMock. */
class GlanceClientTest {

    static final String ID = "11111111-2222-3333-4444-555555555555";
    static final byte[] DATA = "the image's bytes".getBytes(StandardCharsets.UTF_8);
    static final String MD5 = "a9e4ba3d4c8e7b6a3d0a3c8f7f1e3f0e";

    @RegisterExtension
    static WireMockExtension glance = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private GlanceClient client() {
        return GlanceClient.builder().endpoint("http://localhost:" + glance.getPort() + "/v2/")
                .trustedIdentity(new TrustedIdentity("p1", "u1", List.of("member"))).build();
    }

    private static String image(String status, String checksum, String locations) {
        return "{\"id\": \"" + ID + "\", \"name\": \"n\", \"status\": \"" + status + "\", \"size\": " + DATA.length
                + ", \"checksum\": " + (checksum == null ? "null" : "\"" + checksum + "\"")
                + ", \"os_hash_algo\": null, \"os_hash_value\": null, \"stores\": \"ceph,local\","
                + " \"locations\": " + locations + "}";
    }

    private static final String TWO_LOCATIONS = "[{\"url\": \"rbd://f/images/" + ID + "/snap\", \"metadata\":"
            + " {\"store\": \"ceph\"}}, {\"url\": \"file:///var/lib/glance/images/" + ID + "\", \"metadata\":"
            + " {\"store\": \"local\"}}]";

    private void answerImage(String body) {
        glance.stubFor(get(urlEqualTo("/v2/images/" + ID)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void anImageRecordIsReadWithItsLocationsInGlancesOrder() {
        answerImage(image("active", MD5, TWO_LOCATIONS));
        GlanceImage image = client().image(ID);
        assertThat(image.active()).isTrue();
        assertThat(image.size()).isEqualTo(DATA.length);
        assertThat(image.stores()).containsExactly("ceph", "local");
        assertThat(image.locations()).extracting(l -> l.store().orElseThrow()).containsExactly("ceph", "local");
        assertThat(image.locationsIn("local")).singleElement()
                .satisfies(l -> assertThat(l.url()).endsWith("/images/" + ID));
        assertThat(image.hashes()).isEqualTo(new ExpectedHashes(MD5, null, null));
        // Requests carry the identity headers and ask for JSON.
        glance.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/v2/images/" + ID))
                .withHeader("X-Project-Id", equalTo("p1")).withHeader("X-Roles", equalTo("member")));
    }

    @Test
    void addingALocationSendsItsStoreAndValidationDataAsAJsonPatch() {
        glance.stubFor(patch(urlEqualTo("/v2/images/" + ID)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(image("active", MD5, TWO_LOCATIONS))));
        String url = "rbd://f/images/" + ID + "/snap";
        client().addLocation(ID, url, "ceph", new ExpectedHashes(MD5, "sha512", "ab".repeat(64)));
        glance.verify(patchRequestedFor(urlEqualTo("/v2/images/" + ID))
                .withHeader("Content-Type", equalTo("application/openstack-images-v2.1-json-patch"))
                .withRequestBody(equalToJson("[{\"op\": \"add\", \"path\": \"/locations/-\", \"value\": {\"url\": \""
                        + url + "\", \"metadata\": {\"store\": \"ceph\"}, \"validation_data\": {\"checksum\": \""
                        + MD5 + "\", \"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + "ab".repeat(64)
                        + "\"}}}]")));
    }

    @Test
    void removingALocationPatchesItsIndex() {
        answerImage(image("active", MD5, TWO_LOCATIONS));
        glance.stubFor(patch(urlEqualTo("/v2/images/" + ID)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(image("active", MD5, "[]"))));
        client().removeLocation(ID, "file:///var/lib/glance/images/" + ID);
        glance.verify(patchRequestedFor(urlEqualTo("/v2/images/" + ID))
                .withRequestBody(equalToJson("[{\"op\": \"remove\", \"path\": \"/locations/1\"}]")));
        assertThatThrownBy(() -> client().removeLocation(ID, "file:///elsewhere"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void fileLocationsAndHalfValidationDataAreRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client().addLocation(ID, "file:///var/lib/glance/images/" + ID, "local",
                ExpectedHashes.none())).isInstanceOf(UnsupportedLocationException.class)
                .hasMessageContaining("copy-image");
        assertThatThrownBy(() -> client().addLocation(ID, "rbd://f/images/" + ID + "/snap", "ceph",
                new ExpectedHashes(MD5, null, null))).isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> client().deleteFromStore("../x", ID)).isInstanceOf(InvalidException.class);
        glance.verify(0, patchRequestedFor(urlEqualTo("/v2/images/" + ID)));
    }

    @Test
    void glancesAnswersBecomeTypedErrorsWithGlancesMessage() {
        glance.stubFor(post(urlEqualTo("/v2/images/" + ID + "/import")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"You are not authorized<br /><br />\", \"code\": \"403 Forbidden\"}")));
        assertThatThrownBy(() -> client().copyImage(ID, List.of("ceph"), true)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("You are not authorized").hasMessageNotContaining("<br");
        glance.stubFor(post(urlEqualTo("/v2/images/" + ID + "/import")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client().copyImage(ID, List.of("ceph"), true))
                .isInstanceOf(RemoteServiceUnavailableException.class);
    }

    @Test
    void aDownloadIsCheckedAgainstTheRecordsChecksum() throws Exception {
        glance.stubFor(get(urlEqualTo("/v2/images/" + ID + "/file")).willReturn(aResponse().withStatus(200)
                .withBody(DATA)));
        GlanceImage right = new GlanceImage(ID, null, "active", (long) DATA.length, md5(DATA), null, null,
                List.of(), List.of(), List.of(), List.of());
        try (ImageData d = client().download(right)) {
            assertThat(d.readAllBytes()).isEqualTo(DATA);
        }
        GlanceImage wrong = new GlanceImage(ID, null, "active", (long) DATA.length, MD5, null, null, List.of(),
                List.of(), List.of(), List.of());
        assertThatThrownBy(() -> {
            try (ImageData d = client().download(wrong)) {
                d.readAllBytes();
            }
        }).isInstanceOf(ChecksumMismatchException.class);
        // Fewer bytes than the record's size, without a Content-Length to tell in advance.
        GlanceImage longer = new GlanceImage(ID, null, "active", DATA.length + 1L, md5(DATA), null, null, List.of(),
                List.of(), List.of(), List.of());
        assertThatThrownBy(() -> {
            try (ImageData d = client().download(longer)) {
                d.readAllBytes();
            }
        }).isInstanceOf(io.glancestore.exception.GlanceStoreException.class);
    }

    @Test
    void credentialsNeverShowAndAMissingEndpointIsAConfigurationError() {
        KeystoneCredentials c = KeystoneCredentials.builder("http://localhost:1/v3").password("glance", "pw-secret")
                .projectName("service").build();
        GlanceClient withKeystone = GlanceClient.builder().endpoint("http://localhost:" + glance.getPort())
                .credentials(c).build();
        assertThat(withKeystone.toString()).doesNotContain("pw-secret");
        assertThatThrownBy(() -> GlanceClient.builder().build()).isInstanceOf(BadStoreConfigurationException.class);
        assertThatThrownBy(() -> GlanceClient.builder().endpoint("ftp://glance").build())
                .isInstanceOf(BadStoreConfigurationException.class);
        CloudConfig cloud = CloudConfig.fromEnvironment(Map.of("OS_AUTH_TYPE", "none", "OS_ENDPOINT",
                "http://glance.example:9292/v2"));
        assertThat(GlanceClient.builder().cloud(cloud).build().endpoint()).isEqualTo("http://glance.example:9292");
    }

    private static String md5(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
    }
}
