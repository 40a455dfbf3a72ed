package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.exception.StoreDeleteNotSupportedException;
import io.glancestore.exception.StoreGetNotSupportedException;
import io.glancestore.exception.StoreRandomGetNotSupportedException;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the store declares, and the refusals that follow from what it lacks. */
public abstract class CapabilitiesContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected CapabilitiesContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @Test
    @DisplayName("capabilities() is set and hasCapability agrees with it; id() and type() are not blank")
    void declarationsConsistent() {
        Set<Capability> declared = store().capabilities();
        assertThat(declared).isNotNull();
        for (Capability capability : Capability.values()) {
            assertThat(store().hasCapability(capability)).as("hasCapability(%s)", capability)
                    .isEqualTo(declared.contains(capability));
        }
        assertThat(store().id()).isNotBlank();
        assertThat(store().type()).isNotBlank();
    }

    @Test
    @DisplayName("without READ_RANDOM or READ_OFFSET, a read from an offset is refused with "
            + "StoreRandomGetNotSupportedException")
    void offsetRefused() throws Exception {
        requireLacking(Capability.READ_RANDOM, Capability.READ_OFFSET);
        assertRangedReadsRefused(GeneratedImage.of(71, 10_000), new long[] {1, -1}, new long[] {5000, 10});
    }

    @Test
    @DisplayName("without READ_RANDOM or READ_CHUNK, a bounded read is refused with "
            + "StoreRandomGetNotSupportedException")
    void boundedRefused() throws Exception {
        requireLacking(Capability.READ_RANDOM, Capability.READ_CHUNK);
        assertRangedReadsRefused(GeneratedImage.of(72, 10_000), new long[] {0, 1}, new long[] {0, 10_000});
    }

    /** Skips the test, visibly, unless the store lacks every one of {@code capabilities}: nothing to refuse. */
    private void requireLacking(Capability... capabilities) {
        for (Capability capability : capabilities) {
            assumeFalse(store().hasCapability(capability), "store has " + capability + ": nothing to refuse");
        }
    }

    /**
     * Adds {@code image}, checks that each read of it given as {offset, length} is refused with
     * StoreRandomGetNotSupportedException, and that the image still reads whole.
     */
    private void assertRangedReadsRefused(GeneratedImage image, long[]... ranges) throws Exception {
        String location = add(newImageId(), image, image.size()).location();
        for (long[] range : ranges) {
            assertThatThrownBy(() -> store().get(location, range[0], range[1]).close())
                    .as("read of %d bytes from %d", range[1], range[0])
                    .isInstanceOf(StoreRandomGetNotSupportedException.class);
        }
        assertContent(location, image);
    }

    @Test
    @DisplayName("without WRITE_ACCESS, add is refused with StoreAddDisabledException")
    void addRefused() {
        requireLacking(Capability.WRITE_ACCESS);
        assertThatThrownBy(() -> store().add(newImageId(), new ByteArrayInputStream(new byte[10]), 10))
                .isInstanceOf(StoreAddDisabledException.class);
    }

    @Test
    @DisplayName("without DELETE_ACCESS, delete is refused with StoreDeleteNotSupportedException and "
            + "the image stays")
    void deleteRefused() throws Exception {
        requireLacking(Capability.DELETE_ACCESS);
        GeneratedImage image = GeneratedImage.of(73, 10_000);
        AddResult result = add(newImageId(), image, image.size());

        assertThatThrownBy(() -> store().delete(result.location()))
                .isInstanceOf(StoreDeleteNotSupportedException.class);
        assertStored(result, image);
    }

    @Test
    @DisplayName("without READ_ACCESS, get is refused with StoreGetNotSupportedException")
    void getRefused() {
        requireLacking(Capability.READ_ACCESS);
        GeneratedImage image = GeneratedImage.of(74, 10_000);
        String location = add(newImageId(), image, image.size()).location();

        assertThatThrownBy(() -> store().get(location).close()).isInstanceOf(StoreGetNotSupportedException.class);
    }
}
