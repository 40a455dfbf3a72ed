package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.exception.NotFoundException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Delete, and what is left after it. */
public abstract class DeleteContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected DeleteContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @Test
    @DisplayName("after delete, get, size and a second delete of the location fail with NotFoundException")
    void deleteThenGet() throws Exception {
        requireCapability(Capability.DELETE_ACCESS);
        GeneratedImage image = GeneratedImage.of(51, 200_001);
        String location = add(newImageId(), image, image.size()).location();

        store().delete(location);

        assertThatThrownBy(() -> store().get(location).close()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store().size(location)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store().delete(location)).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("an empty image can be deleted")
    void deleteEmpty() throws Exception {
        requireCapability(Capability.DELETE_ACCESS);
        String location = add(newImageId(), GeneratedImage.of(52, 0), 0).location();

        store().delete(location);

        assertThatThrownBy(() -> store().size(location)).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("deleting an image leaves the others intact, also one with identical bytes")
    void deleteLeavesOthers() throws Exception {
        requireCapability(Capability.DELETE_ACCESS);
        GeneratedImage image = GeneratedImage.of(53, MIB + 7);
        GeneratedImage other = GeneratedImage.of(54, 12_345);
        AddResult doomed = add(newImageId(), image, image.size());
        AddResult twin = add(newImageId(), image, image.size());
        AddResult unrelated = add(newImageId(), other, ImageStore.UNKNOWN_SIZE);

        store().delete(doomed.location());

        assertStored(twin, image);
        assertStored(unrelated, other);
    }

    @Test
    @DisplayName("an id can be added again after its image was deleted, and the new bytes are served")
    void reAddAfterDelete() throws Exception {
        requireCapability(Capability.DELETE_ACCESS);
        String id = newImageId();
        GeneratedImage before = GeneratedImage.of(55, 2L * MIB + 1);
        GeneratedImage after = GeneratedImage.of(56, 4097);
        store().delete(add(id, before, before.size()).location());

        AddResult again = add(id, after, after.size());

        assertStored(again, after);
    }
}
