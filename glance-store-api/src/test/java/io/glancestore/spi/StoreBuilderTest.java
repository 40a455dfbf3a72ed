package io.glancestore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.memory.InMemoryStoreProvider;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store builder base and the provider base, through the in-memory driver (written as every
 * driver is) and a builder of this test's own.
 */
class StoreBuilderTest {

    private static final StoreOption<Long> SIZE = StoreOption.integer("test_size", 1, 1, 10);
    private static final StoreOption<List<String>> ITEMS = StoreOption.list("test_items").repeatable();

    /** A builder that records the options its driver factory was given. */
    static final class RecordingBuilder extends StoreBuilder<RecordingBuilder, ImageStore> {
        final List<StoreOptions> opened = new ArrayList<>();

        RecordingBuilder() {
            super("memory");
        }

        RecordingBuilder size(int n) {
            return option(SIZE, n);
        }

        RecordingBuilder item(String item) {
            return addOption(ITEMS, item);
        }

        RecordingBuilder sizeTwice(String item) {
            return addOption(SIZE, item);
        }

        @Override
        protected ImageStore buildStore(StoreOptions options) {
            opened.add(options);
            SIZE.read(options);
            ITEMS.read(options);
            return imageStore(new InMemoryStoreProvider().create(options));
        }
    }

    private static AddResult add(ImageStore store, int bytes) {
        return store.add("0b7e2c52-2f8e-4b0b-9f0e-3c1f1d2c3b4a", new ByteArrayInputStream(new byte[bytes]), bytes);
    }

    @Test
    void idDefaultsToTheTypeAndHashAlgorithmReachesTheApiLayer() {
        ImageStore store = InMemoryStore.builder().hashAlgorithm("sha256").build();
        assertThat(store.id()).isEqualTo("memory");
        AddResult r = add(store, 10);
        assertThat(r.hashAlgorithm()).isEqualTo("sha256");
        assertThat(r.location()).startsWith("memory://memory/");
    }

    @Test
    void typedSetterWritesTheDriversOwnOption() {
        ImageStore store = InMemoryStore.builder().id("small").capacity(5).build();
        assertThat(store.id()).isEqualTo("small");
        assertThatThrownBy(() -> add(store, 6)).isInstanceOf(StorageFullException.class);
    }

    @Test
    void optionByNameIsTheSameOptionAsTheTypedSetter() {
        ImageStore store = InMemoryStore.builder().option("memory_store_capacity", "5").build();
        assertThatThrownBy(() -> add(store, 6)).isInstanceOf(StorageFullException.class);
    }

    @Test
    void badValueIsRefusedNamingTheOptionAndTheStore() {
        assertThatThrownBy(() -> InMemoryStore.builder().id("m1").option("memory_store_capacity", "-3").build())
                .isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("memory_store_capacity").hasMessageContaining("m1")
                .hasMessageNotContaining("-3");
    }

    @Test
    void unknownHashAlgorithmIsRefusedBeforeTheDriverOpens() {
        RecordingBuilder builder = new RecordingBuilder().hashAlgorithm("crc7");
        assertThatThrownBy(builder::build).isInstanceOf(UnknownHashingAlgoException.class);
        assertThat(builder.opened).isEmpty();
    }

    @Test
    void buildPassesEveryOptionUnderTheStoreIdAndRepeatableOptionsAccumulate() {
        RecordingBuilder builder = new RecordingBuilder().id("rec").size(3).item("a").item("b")
                .option("test_typo", "x");
        builder.build();
        StoreOptions options = builder.opened.get(0);
        assertThat(options.storeId()).isEqualTo("rec");
        assertThat(SIZE.read(options)).isEqualTo(3L);
        assertThat(ITEMS.read(options)).containsExactly("a", "b");
        assertThat(options.unusedKeys()).contains("test_typo");
        assertThat(builder.toString()).contains("rec").contains("test_size").doesNotContain("=3");
    }

    @Test
    void onlyRepeatableOptionsCanBeAddedTo() {
        assertThatThrownBy(() -> new RecordingBuilder().sizeTwice("2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test_size");
    }

    @Test
    void providerIsMadeOfTheDriversDeclarations() {
        StoreDriverProvider provider = new InMemoryStoreProvider();
        assertThat(provider.type()).isEqualTo("memory");
        assertThat(provider.options()).extracting(StoreOption::name).containsExactly("memory_store_capacity");
        assertThat(provider.locationSchemes()).containsExactly("memory");
        assertThat(provider.parseLocation("memory://m/0b7e2c52-2f8e-4b0b-9f0e-3c1f1d2c3b4a").imageId())
                .isEqualTo("0b7e2c52-2f8e-4b0b-9f0e-3c1f1d2c3b4a");
        assertThatThrownBy(() -> provider.validate(StoreOptions.of("m", Map.of("memory_store_capacity", "x"))))
                .isInstanceOf(BadStoreConfigurationException.class);
        try (StoreDriver driver = provider.create(StoreOptions.of("m", Map.of()))) {
            assertThat(driver.type()).isEqualTo("memory");
        }
    }

    /** A builder that neither names a driver factory nor opens its driver itself. */
    static final class FactorylessBuilder extends StoreBuilder<FactorylessBuilder, ImageStore> {
        FactorylessBuilder() {
            super("memory");
        }
    }

    @Test
    void builderWithoutFactoryOrOverrideFailsToBuild() {
        assertThatThrownBy(() -> new FactorylessBuilder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("buildStore");
    }
}
