package io.glancestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.StoreRegistry;
import io.glancestore.cache.CacheConfig;
import io.glancestore.exception.BadStoreConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlanceConfigBuilderTest {

    @TempDir
    Path tmp;

    @Test
    void buildsInCode() {
        GlanceConfig c = GlanceConfig.builder()
                .backend("a", "file", Map.of("filesystem_store_datadir", tmp.resolve("a").toString()), 10)
                .backend("b", "file", Map.of("filesystem_store_datadir", tmp.resolve("b").toString()))
                .defaultBackend("b")
                .cache(CacheConfig.builder().dir(tmp.resolve("cache")).build())
                .build();
        try (StoreRegistry r = c.buildRegistry()) {
            assertThat(r.defaultStore().id()).isEqualTo("b");
            assertThat(r.weight("a")).isEqualTo(10);
            assertThat(r.stores()).extracting(s -> s.id()).containsExactly("a", "b");
        }
        assertThat(c.source()).isEmpty();
        assertThat(c.cache()).isPresent();
    }

    @Test
    void needsADefaultAmongSeveral() {
        GlanceConfig.Builder b = GlanceConfig.builder().backend("a", "file", Map.of()).backend("b", "file", Map.of());
        assertThatThrownBy(b::build).isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("default backend");
        assertThatThrownBy(() -> b.backend("a", "rbd", Map.of())).hasMessageContaining("twice");
    }

    @Test
    void secretsAreRecognised() {
        assertThat(GlanceConfig.isSecretOption("swift_store_key")).isTrue();
        assertThat(GlanceConfig.isSecretOption("vmware_server_password")).isTrue();
        assertThat(GlanceConfig.isSecretOption("s3_store_secret_key")).isTrue();
        assertThat(GlanceConfig.isSecretOption("rbd_store_keyring")).isFalse();
        assertThat(GlanceConfig.isSecretOption("swift_store_user")).isFalse();
    }

    @Test
    void canBeRestrictedToSomeBackends() {
        GlanceConfig c = GlanceConfig.builder()
                .backend("a", "file", Map.of("filesystem_store_datadir", tmp.resolve("a").toString()))
                .backend("b", "rbd", Map.of("rbd_store_pool", "images"))
                .defaultBackend("b").build();
        GlanceConfig onlyA = c.withBackends(java.util.List.of("a"));
        assertThat(onlyA.backends()).extracting(BackendConfig::id).containsExactly("a");
        assertThat(onlyA.defaultBackend()).isEqualTo("a");
        assertThat(c.withBackends(java.util.List.of("a", "b")).defaultBackend()).isEqualTo("b");
        assertThatThrownBy(() -> c.withBackends(java.util.List.of("z"))).hasMessageContaining("no backend 'z'");
    }
}
