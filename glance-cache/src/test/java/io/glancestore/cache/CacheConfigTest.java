package io.glancestore.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration reads Glance's and Kolla's option names with their defaults. */
class CacheConfigTest {

    @Test
    void defaultsAreGlances() {
        CacheConfig c = CacheConfig.fromOptions(Map.of("image_cache_dir", "/var/lib/glance/image-cache"));

        assertThat(c.dir()).isEqualTo(Path.of("/var/lib/glance/image-cache"));
        assertThat(c.maxSize()).isEqualTo(10_737_418_240L);
        assertThat(c.stallTime()).isEqualTo(Duration.ofSeconds(86_400));
        assertThat(c.enabled()).isTrue();
        assertThat(c.prefetcherInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.maintenanceInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.hashAlgorithm()).isEqualTo("sha512");
    }

    @Test
    void glanceAndKollaNamesAreRead() {
        CacheConfig glance = CacheConfig.fromOptions(Map.of("image_cache_dir", "/c", "image_cache_max_size", "1000",
                "image_cache_stall_time", "60", "cache_prefetcher_interval", "2.5",
                "image_cache_maintenance_interval", "0", "hashing_algorithm", "SHA-256"));
        CacheConfig kolla = CacheConfig.fromOptions(Map.of("image_cache_dir", "/c", "glance_cache_max_size", "2000",
                "enable_glance_image_cache", "yes"));

        assertThat(glance.maxSize()).isEqualTo(1000);
        assertThat(glance.stallTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(glance.prefetcherInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(glance.maintenanceInterval()).isZero();
        assertThat(glance.hashAlgorithm()).isEqualTo("sha256");
        assertThat(kolla.maxSize()).isEqualTo(2000);
        assertThat(kolla.enabled()).isTrue();
    }

    @Test
    void kollaCanTurnTheCacheOffWithoutAFolder() {
        CacheConfig c = CacheConfig.fromOptions(Map.of("enable_glance_image_cache", "no"));

        assertThat(c.enabled()).isFalse();
        assertThat(c.dir()).isNull();
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of()))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("image_cache_dir");
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of("image_cache_dir", "/c", "image_cache_max_size", "-1")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("image_cache_max_size");
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of("image_cache_dir", "/c", "image_cache_max_size", "lots")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("image_cache_max_size");
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of("image_cache_dir", "/c",
                "image_cache_max_size", "10", "glance_cache_max_size", "20")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("glance_cache_max_size");
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of("image_cache_dir", "/c",
                "enable_glance_image_cache", "maybe")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("enable_glance_image_cache");
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of("image_cache_dir", "/c",
                "cache_prefetcher_interval", "soon")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("cache_prefetcher_interval");
        assertThatThrownBy(() -> CacheConfig.fromOptions(Map.of("image_cache_dir", "/c", "hashing_algorithm", "md6")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("hashing_algorithm");
    }

    @Test
    void theSameValueUnderBothNamesIsAccepted() {
        CacheConfig c = CacheConfig.fromOptions(Map.of("image_cache_dir", "/c", "image_cache_max_size", "5",
                "glance_cache_max_size", "5"));
        assertThat(c.maxSize()).isEqualTo(5);
    }

    @Test
    void aBuilderWithoutConfigurationIsRefused() {
        assertThatThrownBy(() -> CachingImageStore.builder(io.glancestore.memory.InMemoryStore.create()).build())
                .isInstanceOf(BadStoreConfigurationException.class);
    }
}
