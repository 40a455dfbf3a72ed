package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.SizeMismatchException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Empty, tiny, chunk-boundary and mismatching sizes. */
public abstract class SizesContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected SizesContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @ParameterizedTest(name = "declared size {0}")
    @ValueSource(longs = {0, -1})
    @DisplayName("an empty image (declared 0 = unknown, or -1) is stored with size 0 and the empty-input hashes")
    void emptyImage(long declared) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        AddResult result = store().add(newImageId(), InputStream.nullInputStream(), declared);

        assertThat(result.size()).isZero();
        assertThat(result.checksum()).isEqualTo(MD5_EMPTY);
        assertThat(result.multihash()).isEqualTo(SHA512_EMPTY);
        assertThat(store().size(result.location())).isZero();
        try (ImageData data = store().get(result.location())) {
            assertEmptyImage(data);
        }
    }

    @Test
    @DisplayName("a 1-byte image round-trips with its published hashes")
    void oneByte() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        AddResult result = store().add(newImageId(), new ByteArrayInputStream(new byte[] {'a'}), 1);

        assertThat(result.size()).isEqualTo(1);
        assertThat(result.checksum()).isEqualTo("0cc175b9c0f1b6a831c399e269772661");
        assertThat(result.multihash()).isEqualTo("1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f53"
                + "02860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75");
        assertThat(readAll(result.location())).containsExactly('a');
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("io.glancestore.tck.SizesContract#boundarySizes")
    @DisplayName("sizes around chunk boundaries round-trip exactly with a declared size")
    void boundarySizesKnown(long size) throws Exception {
        GeneratedImage image = GeneratedImage.of(size, size);
        assertStored(add(newImageId(), image, size), image);
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("io.glancestore.tck.SizesContract#boundarySizes")
    @DisplayName("sizes around chunk boundaries round-trip exactly with an unknown size")
    void boundarySizesUnknown(long size) throws Exception {
        GeneratedImage image = GeneratedImage.of(~size, size);
        assertStored(add(newImageId(), image, ImageStore.UNKNOWN_SIZE), image);
    }

    @ParameterizedTest(name = "{0} bytes declared as {1}")
    @CsvSource({
        "0, 1", "1, 2", "4095, 4096", "4096, 4097", "65535, 65536", "65536, 65537",
        "1048575, 1048576", "1048576, 1048577", "8388607, 8388608", "1000, 8388608"})
    @DisplayName("data ending before the declared size fails with SizeMismatchException and stores nothing")
    void dataShorterThanDeclared(long actual, long declared) throws Exception {
        assertSizeMismatchStoresNothing(GeneratedImage.of(21, actual), declared);
    }

    @ParameterizedTest(name = "{0} bytes declared as {1}")
    @CsvSource({
        "2, 1", "4096, 4095", "4097, 4096", "65537, 65536", "1048577, 1048576",
        "8388608, 8388607", "8388609, 8388608", "8388608, 1"})
    @DisplayName("data running past the declared size fails with SizeMismatchException and stores nothing")
    void dataLongerThanDeclared(long actual, long declared) throws Exception {
        assertSizeMismatchStoresNothing(GeneratedImage.of(22, actual), declared);
    }

    private void assertSizeMismatchStoresNothing(GeneratedImage image, long declared) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        assertAddFailsStoringNothing(SizeMismatchException.class, id -> store().add(id, image.openStream(), declared));
    }

    /**
     * Sizes around the chunk sizes stores and the API layer use (4 KiB pages, 64 KiB buffers,
     * 1 MiB chunks, 8 MiB object segments), where off-by-one errors live.
     *
     * @return the sizes
     */
    static Stream<Long> boundarySizes() {
        return Stream.of(2L, 4095L, 4096L, 4097L, 65_535L, 65_536L, 65_537L,
                (long) MIB - 1, (long) MIB, (long) MIB + 1,
                8L * MIB - 1, 8L * MIB, 8L * MIB + 1);
    }
}
