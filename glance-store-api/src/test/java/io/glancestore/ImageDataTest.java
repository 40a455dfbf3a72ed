package io.glancestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The range checks {@link ImageData} applies around a store's streams and positional reads. */
class ImageDataTest {

    private final byte[] image = new byte[100];

    ImageDataTest() {
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
    }

    /** Bytes 20..59 of the image, with positional reads that would run past the range if let. */
    private ImageData range() {
        return ImageData.ofLocalFile(new ByteArrayInputStream(image, 20, 40), (position, target) -> {
            int n = (int) Math.min(target.remaining(), image.length - 20 - position); // the file goes on
            target.put(image, (int) (20 + position), n);
            return n;
        }, 20, 40, 100);
    }

    @Test
    void positionalReadsStayInsideTheRange() throws Exception {
        try (ImageData data = range()) {
            assertThat(data.isLocalFile()).isTrue();
            ByteBuffer big = ByteBuffer.allocate(64);
            big.position(3);
            assertThat(data.readAt(30, big)).isEqualTo(10);
            assertThat(big.position()).isEqualTo(13);
            assertThat(big.limit()).isEqualTo(64);
            assertThat(Arrays.copyOfRange(big.array(), 3, 13)).containsExactly(Arrays.copyOfRange(image, 50, 60));
            assertThat(data.readAt(40, ByteBuffer.allocate(8))).isEqualTo(-1);
            assertThat(data.readAt(1000, ByteBuffer.allocate(8))).isEqualTo(-1);
            assertThat(data.readAt(0, ByteBuffer.allocate(0))).isZero();
            assertThatThrownBy(() -> data.readAt(-1, ByteBuffer.allocate(8)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(data.readAllBytes()).as("the stream is not moved").containsExactly(
                    Arrays.copyOfRange(image, 20, 60));
        }
    }

    @Test
    void aStreamThatIsNotALocalFileRefusesPositionalReads() {
        ImageData data = ImageData.of(new ByteArrayInputStream(image), 0, 100, 100);
        assertThat(data.isLocalFile()).isFalse();
        assertThatThrownBy(() -> data.readAt(0, ByteBuffer.allocate(8)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("not a range of a local file");
    }

    @Test
    void inconsistentRangesAreRefused() {
        assertThatThrownBy(() -> ImageData.of(new ByteArrayInputStream(image), 90, 20, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageData.ofLocalFile(new ByteArrayInputStream(image), null, 0, 1, 1))
                .isInstanceOf(NullPointerException.class);
    }
}
