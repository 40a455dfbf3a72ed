package io.glancestore.swift.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwiftStoreConfigTest {

    @TempDir
    Path tmp;

    private static SwiftStoreConfig config(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return SwiftStoreConfig.from(StoreOptions.of("s", map));
    }

    @Test
    void defaultsAreGlances() {
        SwiftStoreConfig c = config();
        assertThat(c.container()).isEqualTo("glance");
        assertThat(c.largeObjectSize()).isEqualTo(5120L * 1_024_000);
        assertThat(c.chunkSize()).isEqualTo(200L * 1_024_000);
        assertThat(c.createContainerOnPut()).isFalse();
        assertThat(c.defaultReference()).isEqualTo("ref1");
        assertThat(c.endpointType()).isEqualTo("publicURL");
        assertThat(c.serviceType()).isEqualTo("object-store");
        assertThat(c.expireSoon()).hasSeconds(60);
        assertThat(c.writeReference()).isNull();
    }

    @Test
    void sizesAreInGlanceMegabytes() {
        SwiftStoreConfig c = config("swift_store_large_object_size", "3", "swift_store_large_object_chunk_size", "2");
        assertThat(c.largeObjectSize()).isEqualTo(3_072_000);
        assertThat(c.chunkSize()).isEqualTo(2_048_000);
    }

    @Test
    void containerNamesFollowGlance() {
        assertThat(config().containerFor("3a1b-c")).isEqualTo("glance");
        assertThat(config("swift_store_multiple_containers_seed", "3").containerFor("3A1xxxx")).isEqualTo("glance_3a1");
        assertThat(config("swift_store_multiple_containers_seed", "3").containerFor("3a-1xxxx"))
                .isEqualTo("glance_3a-1");
        assertThat(config("swift_store_multi_tenant", "true").containerFor("abc")).isEqualTo("glance_abc");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> config("swift_store_multiple_containers_seed", "33"))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("multiple_containers_seed");
        assertThatThrownBy(() -> config("swift_store_endpoint_type", "sideURL"))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("endpoint_type");
        assertThatThrownBy(() -> config("swift_store_auth_version", "7"))
                .isInstanceOf(BadStoreConfigurationException.class);
        assertThatThrownBy(() -> config("swift_store_config_file", tmp.resolve("missing").toString()))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("swift_store_config_file");
    }

    @Test
    void referencesAreReadFromTheConfigFileWithoutShowingKeys() throws Exception {
        Path file = tmp.resolve("glance-swift.conf");
        Files.writeString(file, "# comment\n[ref1]\nauth_version = 3\nauth_address = https://ks:5000/v3\n"
                + "user = \"service:glance\"\nkey = 'p@ss:word'\nuser_domain_name = Users\n\n"
                + "[tempauth]\nauth_version = 1\nauth_address = http://127.0.0.1:8080/auth/v1.0\nuser = test:tester\n"
                + "key = testing\n");
        SwiftStoreConfig c = config("swift_store_config_file", file.toString(), "swift_store_auth_version", "1");
        SwiftReference ref1 = c.writeReference();
        assertThat(ref1.user()).isEqualTo("service:glance");
        assertThat(ref1.key()).isEqualTo("p@ss:word");
        assertThat(ref1.authVersion()).isEqualTo("3");
        assertThat(ref1.userDomainName()).isEqualTo("Users");
        assertThat(ref1.userDomainId()).isNull();
        assertThat(ref1.projectDomainId()).isEqualTo("default");
        assertThat(c.references().get("tempauth").authVersion()).isEqualTo("1");
        assertThat(c.useConfigFile()).isTrue();
        assertThat(ref1.toString()).doesNotContain("p@ss");
    }

    @Test
    void aReferenceWithoutKeyIsRefusedByName() throws Exception {
        Path file = tmp.resolve("glance-swift.conf");
        Files.writeString(file, "[ref9]\nauth_address = http://x/v3\nuser = a:b\n");
        assertThatThrownBy(() -> config("swift_store_config_file", file.toString()))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("ref9");
    }

    @Test
    void tokensDoNotShowThemselves() {
        assertThat(new Token("secret-token", "http://s/v1/AUTH_a/", null).toString()).doesNotContain("secret-token")
                .contains("http://s/v1/AUTH_a");
    }

    @Test
    void pathSegmentsArePercentEncoded() {
        assertThat(SwiftClient.encode("a b/c~d-e_f.g")).isEqualTo("a%20b%2Fc~d-e_f.g");
        assertThat(SwiftClient.encode("caf\u00e9")).isEqualTo("caf%C3%A9");
    }
}
