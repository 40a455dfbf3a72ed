package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An image of {@link #largeImageSize()} bytes, generated on the fly, never in memory. */
public abstract class LargeImagesContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected LargeImagesContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @Test
    @DisplayName("a large image with a declared size streams in and back out intact, hashes and size exact")
    void largeImageRoundTrip() throws Exception {
        long size = requireLargeImageSize();
        GeneratedImage image = GeneratedImage.of(0x1A76E, size);
        AddResult result = add(newImageId(), image, size);
        // The expected digests were recorded while the add consumed the generated stream.
        Digests expected = image.digests();

        assertThat(result.size()).as("size").isEqualTo(size);
        assertThat(result.checksum()).as("checksum").isEqualTo(expected.md5Hex());
        assertThat(result.multihash()).as("multihash").isEqualTo(expected.sha512Hex());
        assertThat(store().size(result.location())).as("size(location)").isEqualTo(size);
        try (ImageData data = store().get(result.location())) {
            assertThat(data.length()).as("ImageData.length()").isEqualTo(size);
            assertThat(data.imageSize()).as("ImageData.imageSize()").isEqualTo(size);
            assertThat(Digests.of(data)).as("digests of the bytes read back").isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a large image of unknown size reports its real size and reads correctly at offsets past 2 GiB")
    void largeImageUnknownSizeRanges() throws Exception {
        long size = requireLargeImageSize();
        requireRandomReads();
        GeneratedImage image = GeneratedImage.of(0x2B87F, size);
        AddResult result = add(newImageId(), image, ImageStore.UNKNOWN_SIZE);

        assertThat(result.size()).as("size").isEqualTo(size);
        assertThat(result.checksum()).as("checksum").isEqualTo(image.md5Hex());
        assertThat(store().size(result.location())).as("size(location)").isEqualTo(size);

        List<Long> offsets = new ArrayList<>(List.of(0L, size / 2 - 3, size - 7));
        for (long boundary : new long[] {Integer.MAX_VALUE, 1L << 32}) {
            if (size > boundary + 8) {
                offsets.add(boundary - 5);
                offsets.add(boundary + 1);
            }
        }
        for (long offset : offsets) {
            long length = Math.min(10_000, size - offset);
            try (ImageData data = store().get(result.location(), offset, 10_000)) {
                assertRange(data, image, offset, length);
            }
        }
        long tailOffset = Math.max(0, size - 3L * MIB - 1);
        try (ImageData data = store().get(result.location(), tailOffset, -1)) {
            assertRange(data, image, tailOffset, size - tailOffset);
        }
    }
}
