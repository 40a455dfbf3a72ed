package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.exception.InvalidException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code add} returns and how it treats its source. */
public abstract class AddContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected AddContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @Test
    @DisplayName("add returns a location the store handles, the size, the md5 checksum and the sha512 multihash")
    void addReturnsWhatWasStored() throws Exception {
        GeneratedImage image = GeneratedImage.of(11, 100_003);
        AddResult result = add(newImageId(), image, image.size());

        assertThat(result.location()).as("location").isNotBlank();
        assertThat(store().handles(result.location())).as("handles(location)").isTrue();
        assertThat(result.size()).as("size").isEqualTo(image.size());
        assertThat(result.checksum()).as("checksum (md5)").matches("[0-9a-f]{32}").isEqualTo(image.md5Hex());
        assertThat(result.multihash()).as("multihash (sha512)").matches("[0-9a-f]{128}")
                .isEqualTo(image.sha512Hex());
        assertThat(result.hashAlgorithm()).as("hashAlgorithm").isEqualTo("sha512");
        assertThat(store().size(result.location())).as("size(location)").isEqualTo(image.size());
        assertContent(result.location(), image);
    }

    @Test
    @DisplayName("declared size -1 (unknown) stores the whole stream and reports its real size")
    void unknownSizeMinusOne() throws Exception {
        GeneratedImage image = GeneratedImage.of(12, 3 * MIB + 5);
        AddResult result = add(newImageId(), image, ImageStore.UNKNOWN_SIZE);
        assertStored(result, image);
    }

    @Test
    @DisplayName("declared size 0 means unknown, as in Glance: non-empty data is stored whole")
    void zeroSizeMeansUnknown() throws Exception {
        GeneratedImage image = GeneratedImage.of(13, 70_001);
        AddResult result = add(newImageId(), image, 0);
        assertStored(result, image);
    }

    @ParameterizedTest(name = "declared size {0}")
    @ValueSource(longs = {-2, -4096, Long.MIN_VALUE})
    @DisplayName("a declared size below -1 is refused with InvalidException and nothing is stored")
    void sizeBelowMinusOneRefused(long declared) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(14, 4097);
        assertAddFailsStoringNothing(InvalidException.class, id -> store().add(id, image.openStream(), declared));
    }

    @Test
    @DisplayName("a source that delivers a few bytes per read is stored intact")
    void tricklingSource() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(15, 300_007);
        AddResult result = store().add(newImageId(), new TricklingInputStream(image.openStream(), 997, 15),
                image.size());
        assertStored(result, image);
    }

    @Test
    @DisplayName("add reads the source to its end but leaves closing it to the caller")
    void sourceReadToEndNotClosed() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(16, 65_539);
        CloseRecordingStream source = new CloseRecordingStream(image.openStream());
        AddResult result = store().add(newImageId(), source, ImageStore.UNKNOWN_SIZE);

        assertThat(source.closed).as("source closed by add").isFalse();
        assertThat(source.read()).as("source read to its end").isEqualTo(-1);
        assertStored(result, image);
    }

    @Test
    @DisplayName("identical bytes under different ids are separate images with different locations")
    void sameBytesDifferentIds() throws Exception {
        GeneratedImage image = GeneratedImage.of(17, 10_000);
        AddResult first = add(newImageId(), image, image.size());
        AddResult second = add(newImageId(), image, image.size());

        assertThat(second.location()).isNotEqualTo(first.location());
        assertStored(first, image);
        assertStored(second, image);
    }

    @Test
    @DisplayName("the store holds many images at once, each intact")
    void manyImages() throws Exception {
        Map<AddResult, GeneratedImage> added = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            GeneratedImage image = GeneratedImage.of(1800 + i, i * 1031L);
            added.put(add(newImageId(), image, i % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE), image);
        }
        assertThat(added.keySet().stream().map(AddResult::location).distinct()).hasSize(added.size());
        for (Map.Entry<AddResult, GeneratedImage> e : added.entrySet()) {
            assertStored(e.getKey(), e.getValue());
        }
    }
}
