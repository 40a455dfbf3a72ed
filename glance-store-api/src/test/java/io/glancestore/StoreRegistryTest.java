package io.glancestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.memory.InMemoryStoreProvider;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRegistryTest {

    @Test
    void discoversDriversByGlanceTypeName() {
        try (StoreRegistry registry = StoreRegistry.builder()
                .backend("fast", "memory", Map.of())
                .backend("slow", "memory", Map.of("memory_store_capacity", "100"))
                .defaultBackend("fast").build()) {
            AddResult r = registry.add("img", new ByteArrayInputStream(new byte[10]), 10);
            assertThat(r.metadata()).containsEntry("store", "fast");
            assertThat(r.location()).isEqualTo("memory://fast/img");
            assertThat(registry.storeFor(r.location()).id()).isEqualTo("fast");
            assertThat(registry.size(r.location())).isEqualTo(10);
            AddResult slow = registry.add("slow", "img", new ByteArrayInputStream(new byte[5]), 5,
                    AddOptions.defaults());
            assertThat(slow.metadata()).containsEntry("store", "slow");
            registry.delete(r.location());
            assertThat(registry.store("slow").size(slow.location())).isEqualTo(5);
        }
    }

    @Test
    void weightsOrderTheStores() {
        try (StoreRegistry registry = StoreRegistry.builder()
                .backend("a", "memory", Map.of()).backend("b", "memory", Map.of()).backend("c", "memory", Map.of())
                .weight("b", 100).weight("c", 50).defaultBackend("a").build()) {
            assertThat(registry.stores()).extracting(ImageStore::id).containsExactly("b", "c", "a");
            assertThat(registry.weight("b")).isEqualTo(100);
            assertThat(registry.weight("a")).isZero();
        }
    }

    @Test
    void userStoresGetStoreMetadataToo() {
        try (StoreRegistry registry = StoreRegistry.builder().backend("mine", InMemoryStore.create()).build()) {
            assertThat(registry.add("img", new ByteArrayInputStream(new byte[1]), 1).metadata())
                    .containsEntry("store", "mine");
            assertThat(registry.defaultStore().id()).isEqualTo("memory");
        }
    }

    @Test
    void missingDriverNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> StoreRegistry.builder().backend("ceph", "rbd", Map.of()).build())
                .isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("'rbd'").hasMessageContaining("glance-store-ceph");
    }

    @Test
    void ambiguousDriversAreRefusedUnlessOneIsNamed(@TempDir Path dir) throws IOException {
        // A second class path entry registering another provider for the same type.
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(StoreDriverProvider.class.getName()), OtherMemoryProvider.class.getName());
        ClassLoader twoProviders = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        assertThatThrownBy(() -> StoreRegistry.builder().classLoader(twoProviders)
                .backend("m", "memory", Map.of()).build())
                .isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("several store drivers of type 'memory'");
        try (StoreRegistry registry = StoreRegistry.builder().classLoader(twoProviders)
                .provider(new InMemoryStoreProvider()).backend("m", "memory", Map.of()).build()) {
            assertThat(registry.store("m").type()).isEqualTo("memory");
        }
    }

    @Test
    void configurationErrorsAreClear() {
        assertThatThrownBy(() -> StoreRegistry.builder().build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("no backends");
        assertThatThrownBy(() -> StoreRegistry.builder().backend("a", "memory", Map.of())
                .backend("b", "memory", Map.of()).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("default_backend");
        assertThatThrownBy(() -> StoreRegistry.builder().backend("a", "memory", Map.of())
                .defaultBackend("zz").build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("'zz'");
        assertThatThrownBy(() -> StoreRegistry.builder().backend("a", "memory", Map.of()).backend("a", "memory", Map.of()))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> StoreRegistry.builder().backend("a b", "memory", Map.of()))
                .isInstanceOf(BadStoreConfigurationException.class);
        assertThatThrownBy(() -> StoreRegistry.builder().backend("a", "memory", Map.of("memory_store_capacity", "lots"))
                .build())
                .isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("memory_store_capacity").hasMessageContaining("integer");
    }

    @Test
    void unknownIdsAndLocationsAreUnknownSchemes() {
        try (StoreRegistry registry = StoreRegistry.builder().backend("a", "memory", Map.of()).build()) {
            assertThatThrownBy(() -> registry.store("b")).isInstanceOf(UnknownSchemeException.class);
            assertThatThrownBy(() -> registry.get("rbd://fsid/pool/img/snap"))
                    .isInstanceOf(UnknownSchemeException.class);
            assertThatThrownBy(() -> registry.get("swift+https://u:secret@h/v1/c/o"))
                    .isInstanceOf(UnknownSchemeException.class).hasMessageNotContaining("secret");
        }
    }

    @Test
    void theStoresOfALocationsSchemeTellWhyTheyRefuseIt() {
        try (StoreRegistry registry = StoreRegistry.builder().backend("a", "memory", Map.of())
                .backend("b", "memory", Map.of()).weight("b", 10).defaultBackend("a").build()) {
            // the highest-weighted memory store's own reason, not "no configured store handles"
            assertThatThrownBy(() -> registry.size("memory://c/img")).isInstanceOf(BadStoreUriException.class)
                    .hasMessageContaining("belongs to memory store 'c', not 'b'");
            assertThatThrownBy(() -> registry.delete("memory://a/../x")).isInstanceOf(BadStoreUriException.class);
            assertThatThrownBy(() -> registry.get("no scheme")).isInstanceOf(BadStoreUriException.class)
                    .hasMessageContaining("no scheme");
        }
    }

    /** Claims the same type as the built-in in-memory provider. */
    public static final class OtherMemoryProvider implements StoreDriverProvider {
        @Override
        public String type() {
            return "memory";
        }

        @Override
        public java.util.List<io.glancestore.spi.StoreOption<?>> options() {
            return java.util.List.of();
        }

        @Override
        public void validate(StoreOptions options) {
            throw new AssertionError("never chosen");
        }

        @Override
        public StoreDriver create(StoreOptions options) {
            throw new AssertionError("never chosen");
        }
    }
}
