package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.InvalidRangeException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole reads, ranges, and the edges of ranges. */
public abstract class ReadsContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected ReadsContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    private static final long SIZE = READ_SIZE;
    private final GeneratedImage image = GeneratedImage.of(41, SIZE);

    private String addImage() {
        return add(newImageId(), image, SIZE).location();
    }

    @Test
    @DisplayName("a whole read delivers every byte and says offset 0, length = imageSize = size()")
    void wholeRead() throws Exception {
        String location = addImage();
        try (ImageData data = store().get(location)) {
            assertRange(data, image, 0, SIZE);
        }
    }

    @Test
    @DisplayName("get(location, 0, -1) reads the whole image on every store")
    void explicitWholeRange() throws Exception {
        String location = addImage();
        try (ImageData data = store().get(location, 0, -1)) {
            assertRange(data, image, 0, SIZE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReadStyle.class)
    @DisplayName("every way of consuming the stream (read(), read(byte[]), readAllBytes, transferTo) gives the same bytes")
    void readStyles(ReadStyle style) throws Exception {
        GeneratedImage small = GeneratedImage.of(42, 70_001);
        String location = add(newImageId(), small, small.size()).location();
        try (ImageData data = store().get(location)) {
            assertThat(style.consume(data)).isEqualTo(small.digests());
        }
    }

    @Test
    @DisplayName("two streams open on the same image read independently, interleaved")
    void interleavedStreams() throws Exception {
        String location = addImage();
        try (ImageData first = store().get(location); ImageData second = store().get(location);
                InputStream expectedFirst = image.openStream(0, SIZE);
                InputStream expectedSecond = image.openStream(0, SIZE)) {
            byte[] a = new byte[40_000];
            byte[] b = new byte[40_000];
            byte[] e = new byte[40_000];
            long position = 0;
            while (position < SIZE) {
                int n = (int) Math.min(a.length, SIZE - position);
                assertThat(first.readNBytes(a, 0, n)).isEqualTo(n);
                assertThat(expectedFirst.readNBytes(e, 0, n)).isEqualTo(n);
                assertThat(Arrays.mismatch(a, 0, n, e, 0, n)).as("first stream at %d", position).isEqualTo(-1);
                assertThat(second.readNBytes(b, 0, n)).isEqualTo(n);
                assertThat(expectedSecond.readNBytes(e, 0, n)).isEqualTo(n);
                assertThat(Arrays.mismatch(b, 0, n, e, 0, n)).as("second stream at %d", position).isEqualTo(-1);
                position += n;
            }
            assertThat(first.read()).isEqualTo(-1);
            assertThat(second.read()).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("closing a stream before its end is allowed and the image stays readable")
    void closeEarly() throws Exception {
        String location = addImage();
        try (ImageData data = store().get(location)) {
            assertThat(data.readNBytes(1000)).containsExactly(image.bytes(0, 1000));
        }
        assertContent(location, image);
    }

    @Test
    @DisplayName("a read that is a local file reads by position beside the stream, without moving it;"
            + " any other read refuses readAt")
    void localFilePositionalReads() throws Exception {
        String location = addImage();
        try (ImageData data = store().get(location)) {
            if (!data.isLocalFile()) {
                assertThatThrownBy(() -> data.readAt(0, ByteBuffer.allocate(10)))
                        .isInstanceOf(UnsupportedOperationException.class);
                assertRange(data, image, 0, SIZE);
                return;
            }
            assertThat(data.readNBytes(1000)).containsExactly(image.bytes(0, 1000));
            assertThatThrownBy(() -> data.readAt(-1, ByteBuffer.allocate(10)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(data.readAt(0, ByteBuffer.allocate(0))).isZero();
            assertThat(data.readAt(SIZE, ByteBuffer.allocate(10))).isEqualTo(-1);
            assertThat(Digests.of(new PositionalInputStream(data, 0, 777_777))).isEqualTo(image.digests());
            ByteBuffer tail = ByteBuffer.allocate(100);
            tail.position(7);
            assertThat(data.readAt(SIZE - 10, tail)).as("read at the last 10 bytes").isEqualTo(10);
            assertThat(tail.position()).isEqualTo(17);
            assertThat(Arrays.copyOfRange(tail.array(), 7, 17)).containsExactly(image.bytes(SIZE - 10, 10));
            assertThat(data.readNBytes(1000)).as("the stream after the positional reads")
                    .containsExactly(image.bytes(1000, 1000));
        }
    }

    @Test
    @DisplayName("readAt of a ranged local-file read reads inside that range only")
    void localFilePositionalReadsOfRange() throws Exception {
        requireRandomReads();
        String location = addImage();
        try (ImageData data = store().get(location, MIB + 3, MIB)) {
            if (!data.isLocalFile()) {
                assertThatThrownBy(() -> data.readAt(0, ByteBuffer.allocate(1)))
                        .isInstanceOf(UnsupportedOperationException.class);
                return;
            }
            try (InputStream in = new PositionalInputStream(data, 10, 2 * MIB)) {
                assertThat(in.readAllBytes()).containsExactly(image.bytes(MIB + 13, MIB - 10));
            }
            assertThat(data.readAt(MIB, ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(longs = {1, 4095, 4096, 4097, MIB, SIZE - 1})
    @DisplayName("an offset with length -1 reads from the offset to the end")
    void offsetToEnd(long offset) throws Exception {
        requireOffsetReads();
        String location = addImage();
        try (ImageData data = store().get(location, offset, -1)) {
            assertRange(data, image, offset, SIZE - offset);
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {1, 4096, MIB + 1, SIZE - 1, SIZE})
    @DisplayName("a length from offset 0 reads exactly that many bytes")
    void boundedFromStart(long length) throws Exception {
        requireBoundedReads();
        String location = addImage();
        try (ImageData data = store().get(location, 0, length)) {
            assertRange(data, image, 0, length);
        }
    }

    @ParameterizedTest(name = "offset {0}, length {1}")
    @MethodSource("io.glancestore.tck.ReadsContract#rangesInside")
    @DisplayName("an offset and a length inside the image read exactly that range")
    void rangeInside(long offset, long length) throws Exception {
        requireRandomReads();
        String location = addImage();
        try (ImageData data = store().get(location, offset, length)) {
            assertRange(data, image, offset, length);
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {-1, 0, 1, 4096})
    @DisplayName("an offset equal to the size gives an empty read, whatever the length")
    void offsetAtEnd(long length) throws Exception {
        if (length < 0) {
            requireOffsetReads();
        } else {
            requireRandomReads();
        }
        String location = addImage();
        try (ImageData data = store().get(location, SIZE, length)) {
            assertRange(data, image, SIZE, 0);
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {-1, 0})
    @DisplayName("an empty read of an empty image at offset 0 works for length -1 and 0")
    void emptyImageEmptyRange(long length) throws Exception {
        if (length >= 0) {
            requireBoundedReads();
        }
        String location = add(newImageId(), GeneratedImage.of(43, 0), 0).location();
        try (ImageData data = store().get(location, 0, length)) {
            assertEmptyImage(data);
        }
    }

    @Test
    @DisplayName("a length of 0 inside the image gives an empty read")
    void zeroLength() throws Exception {
        requireRandomReads();
        String location = addImage();
        try (ImageData data = store().get(location, 12_345, 0)) {
            assertRange(data, image, 12_345, 0);
        }
    }

    @ParameterizedTest(name = "offset size+{0}")
    @ValueSource(longs = {1, 4096, MIB})
    @DisplayName("an offset past the end fails with InvalidRangeException")
    void offsetPastEnd(long beyond) throws Exception {
        requireOffsetReads();
        String location = addImage();
        assertThatThrownBy(() -> store().get(location, SIZE + beyond, -1).close())
                .isInstanceOf(InvalidRangeException.class);
        assertThatThrownBy(() -> store().get(location, Long.MAX_VALUE, -1).close())
                .isInstanceOf(InvalidRangeException.class);
    }

    @ParameterizedTest(name = "offset {0}, length {1}")
    @MethodSource("io.glancestore.tck.ReadsContract#rangesPastEnd")
    @DisplayName("a range running past the end is cut at the end; length() tells the real length")
    void rangePastEndIsCut(long offset, long length) throws Exception {
        if (offset > 0) {
            requireRandomReads();
        } else {
            requireBoundedReads();
        }
        String location = addImage();
        try (ImageData data = store().get(location, offset, length)) {
            assertRange(data, image, offset, SIZE - offset);
        }
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(longs = {-1, -4096, Long.MIN_VALUE})
    @DisplayName("a negative offset fails with InvalidRangeException")
    void negativeOffset(long offset) throws Exception {
        String location = addImage();
        assertThatThrownBy(() -> store().get(location, offset, -1).close())
                .isInstanceOf(InvalidRangeException.class);
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {-2, -4096, Long.MIN_VALUE})
    @DisplayName("a length below -1 fails with InvalidRangeException")
    void lengthBelowMinusOne(long length) throws Exception {
        String location = addImage();
        assertThatThrownBy(() -> store().get(location, 0, length).close())
                .isInstanceOf(InvalidRangeException.class);
    }

    /**
     * Ranges inside the read image, across the chunk boundaries.
     *
     * @return offset and length
     */
    static Stream<Arguments> rangesInside() {
        return Stream.of(Arguments.of(1L, 1L), Arguments.of(4095L, 2L), Arguments.of(4096L, 4096L),
                Arguments.of(65_535L, 65_538L), Arguments.of((long) MIB - 1, 3L), Arguments.of((long) MIB, 2L * MIB),
                Arguments.of(READ_SIZE - 10, 10L));
    }

    /**
     * Ranges of the read image that run past its end.
     *
     * @return offset and length
     */
    static Stream<Arguments> rangesPastEnd() {
        return Stream.of(Arguments.of(READ_SIZE - 10, 11L), Arguments.of(READ_SIZE - 10, (long) MIB),
                Arguments.of(READ_SIZE - 1, 2L), Arguments.of(0L, READ_SIZE + 1),
                Arguments.of(0L, Long.MAX_VALUE), Arguments.of(1L, Long.MAX_VALUE),
                Arguments.of(READ_SIZE - 1, Long.MAX_VALUE));
    }
}
