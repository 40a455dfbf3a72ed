package io.glancestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.Capability;
import io.glancestore.StoreRegistry;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provider's options and their static checks: glance_store's names, defaults and limits. */
class S3StoreProviderTest {

    private final S3StoreProvider provider = new S3StoreProvider();

    @TempDir
    Path tmp;

    private static StoreOptions options(String... keyValues) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("s3_store_host", "http://127.0.0.1:7480");
        values.put("s3_store_access_key", "AK");
        values.put("s3_store_secret_key", "SECRETKEY");
        values.put("s3_store_bucket", "glance");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return StoreOptions.of("s3", values);
    }

    @Test
    void declaresGlanceStoresOptionsWithItsDefaultsAndHidesTheKeys() {
        Map<String, StoreOption<?>> byName = new java.util.HashMap<>();
        provider.options().forEach(o -> byName.put(o.name(), o));

        assertThat(provider.type()).isEqualTo("s3");
        assertThat(byName).containsKeys("s3_store_host", "s3_store_access_key", "s3_store_secret_key",
                "s3_store_bucket", "s3_store_create_bucket_on_put", "s3_store_bucket_url_format",
                "s3_store_large_object_size", "s3_store_large_object_chunk_size", "s3_store_thread_pools",
                "s3_store_cacert", "s3_store_region_name");
        assertThat(byName.get("s3_store_large_object_size").defaultValue()).hasValue("100");
        assertThat(byName.get("s3_store_large_object_chunk_size").defaultValue()).hasValue("10");
        assertThat(byName.get("s3_store_thread_pools").defaultValue()).hasValue("10");
        assertThat(byName.get("s3_store_bucket_url_format").defaultValue()).hasValue("auto");
        assertThat(byName.get("s3_store_create_bucket_on_put").defaultValue()).hasValue("false");
        assertThat(byName.get("s3_store_secret_key").isSecret()).isTrue();
        assertThat(byName.get("s3_store_access_key").isSecret()).isTrue();
        assertThat(provider.locationSchemes()).containsExactlyInAnyOrder("s3", "s3+http", "s3+https");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3_store_host | ftp://h | s3_store_host",
        "s3_store_host | http://user:pw@h | s3_store_host",
        "s3_store_host | http://h:0 | s3_store_host",
        "s3_store_large_object_chunk_size | 4 | s3_store_large_object_chunk_size",
        "s3_store_thread_pools | 0 | s3_store_thread_pools",
        "s3_store_large_object_size | 0 | s3_store_large_object_size",
        "s3_store_bucket_url_format | dns | s3_store_bucket_url_format",
        "s3_store_bucket | ab | s3_store_bucket",
        "s3_store_bucket | a/b/c | s3_store_bucket",
        "s3_store_secret_key | SECRET:KEY | s3_store_secret_key",
        "s3_store_cacert | /nonexistent/ca.pem | s3_store_cacert",
        "s3_store_create_bucket_on_put | maybe | s3_store_create_bucket_on_put",
    })
    void refusesWhatTheDriverWouldRefuseNamingTheOptionNotTheValue(String key, String value, String named) {
        assertThatThrownBy(() -> provider.validate(options(key, value)))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining(named)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    @Test
    void aHostIsRequiredButKeysAndBucketOnlyToWrite() {
        assertThatThrownBy(() -> provider.validate(StoreOptions.of("s3", Map.of())))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("s3_store_host");
        try (StoreDriver reader = provider.create(StoreOptions.of("s3", Map.of("s3_store_host", "s3.example.com")))) {
            assertThat(reader.capabilities()).contains(Capability.READ_ACCESS).doesNotContain(Capability.WRITE_ACCESS);
        }
        try (StoreDriver writer = provider.create(options())) {
            assertThat(writer.capabilities()).contains(Capability.WRITE_ACCESS, Capability.READ_RANDOM);
        }
    }

    @Test
    void aCaBundleWithoutCertificatesIsRefused() throws Exception {
        Path empty = Files.writeString(tmp.resolve("ca.pem"), "not a certificate\n");
        assertThatThrownBy(() -> provider.validate(options("s3_store_cacert", empty.toString())))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("s3_store_cacert");
    }

    @Test
    void virtualHostedAddressingNeedsADnsBucketName() {
        assertThatThrownBy(() -> provider.validate(options("s3_store_bucket_url_format", "virtual",
                "s3_store_bucket", "Glance_Images"))).isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("s3_store_bucket");
        provider.validate(options("s3_store_bucket_url_format", "virtual"));
    }

    @Test
    void aRegistryFindsTheProviderAndRoutesS3LocationsByEndpoint() {
        try (StoreRegistry registry = StoreRegistry.builder()
                .backend("near", "s3", Map.of("s3_store_host", "http://127.0.0.1:7480", "s3_store_bucket", "glance",
                        "s3_store_access_key", "AK", "s3_store_secret_key", "SK"))
                .backend("far", "s3", Map.of("s3_store_host", "https://s3.example.com", "s3_store_bucket", "glance",
                        "s3_store_access_key", "AK", "s3_store_secret_key", "SK"))
                .defaultBackend("near").build()) {
            assertThat(registry.storeFor("s3://AK:SK@127.0.0.1:7480/glance/x").id()).isEqualTo("near");
            assertThat(registry.storeFor("s3+https://AK:SK@s3.example.com/glance/x").id()).isEqualTo("far");
        }
    }
}
