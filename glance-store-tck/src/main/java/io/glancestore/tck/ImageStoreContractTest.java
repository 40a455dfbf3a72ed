package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.exception.StoreDeleteNotSupportedException;
import io.glancestore.exception.StoreGetNotSupportedException;
import io.glancestore.exception.StoreRandomGetNotSupportedException;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.location.Locations;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link ImageStore} honours, as a JUnit 5 suite. A store implementation
 * checks itself by extending this class in its own test scope:
 *
 * <pre>{@code
 * class MyStoreContractTest extends ImageStoreContractTest {
 *     @Override
 *     protected ImageStore createStore() {
 *         return ImageStores.of(new MyDriver(...));
 *     }
 * }
 * }</pre>
 *
 * <p>The cases are grouped by area in nested classes so the report reads as a specification.
 * Cases that need a capability the store does not declare are skipped through an assumption
 * that names the missing capability, so they show as skipped and never pass silently. The
 * multi-GiB cases are tagged {@value #LARGE_TAG}; lower {@link #largeImageSize()} or exclude the
 * tag where that much data cannot be stored.
 *
 * <p>Every image id is a fresh random UUID, and every image's bytes are generated from a seed
 * (see {@link GeneratedImage}), so the suite needs no fixtures and no test depends on another.
 */
@DisplayName("ImageStore contract")
public abstract class ImageStoreContractTest {

    /** Tag of the cases that stream {@link #largeImageSize()} bytes through the store. */
    public static final String LARGE_TAG = "large-image";

    /**
     * Default size of the large image: just over 2 GiB, so a size or offset kept in an
     * {@code int} anywhere on the path overflows and shows, and odd so it ends mid-chunk.
     */
    public static final long DEFAULT_LARGE_IMAGE_SIZE = (1L << 31) + (1L << 20) + 4099;

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long WAIT_SECONDS = 120;
    /** Size of the image the read cases use: several chunks, ending mid-page. */
    private static final long READ_SIZE = 3L * MIB + 4099;

    private static final String MD5_EMPTY = "d41d8cd98f00b204e9800998ecf8427e";
    private static final String SHA512_EMPTY = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    private static final String MD5_ABC = "900150983cd24fb0d6963f7d28e17f72";
    private static final String SHA512_ABC = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    private ImageStore store;
    private long leasedBefore;

    /** For subclasses. */
    protected ImageStoreContractTest() {
    }

    /**
     * A new, empty store; called before each test. It should use the default options of an
     * add (multihash {@code sha512}) and will be closed by {@link #destroyStore(ImageStore)}.
     *
     * @return the store under test
     * @throws Exception if it cannot be made; the test then errors
     */
    protected abstract ImageStore createStore() throws Exception;

    /**
     * Size of the big streamed image of the {@value #LARGE_TAG} cases. The default, a bit over
     * 2 GiB, makes int overflows show; a store that holds images in memory may lower it. A value
     * of 0 or less skips those cases, visibly.
     *
     * @return the size in bytes
     */
    protected long largeImageSize() {
        return DEFAULT_LARGE_IMAGE_SIZE;
    }

    /**
     * Closes the store after each test; override to also remove what the store left behind
     * (folders, pools, containers).
     *
     * @param store the store {@link #createStore()} made
     * @throws Exception if cleaning up fails; the test then errors
     */
    protected void destroyStore(ImageStore store) throws Exception {
        store.close();
    }

    /**
     * Gives access to the current store, for extra tests written in a subclass.
     *
     * @return the store made for the running test
     * @throws IllegalStateException outside a test
     */
    protected final ImageStore store() {
        ImageStore current = store;
        if (current == null) {
            throw new IllegalStateException("no store: store() is only available while a test runs");
        }
        return current;
    }

    /**
     * A fresh image id, as Glance makes them.
     *
     * @return a random UUID string
     */
    protected static String newImageId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Makes the store for the next test; runs before each test, nested ones included.
     *
     * @throws Exception if {@link #createStore()} fails
     */
    @BeforeEach
    protected final void setUpStore() throws Exception {
        leasedBefore = TransferBuffers.shared().leasedBytes();
        ImageStore created = createStore();
        assertThat(created).as("createStore() must return a store").isNotNull();
        store = created;
    }

    /**
     * Hands the store to {@link #destroyStore(ImageStore)} after each test, then checks that
     * every transfer buffer the test's adds and reads borrowed is back in the shared pool
     * ({@link TransferBuffers}), whatever failed: a store must not leak them on any path.
     *
     * @throws Exception if {@link #destroyStore(ImageStore)} fails
     */
    @AfterEach
    protected final void tearDownStore() throws Exception {
        ImageStore current = store;
        store = null;
        if (current != null) {
            destroyStore(current);
        }
        assertBuffersBack(leasedBefore);
    }

    /** Waits a little for transfers ending on other threads, then requires the buffers back. */
    private static void assertBuffersBack(long leasedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TransferBuffers.shared().leasedBytes() > leasedBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(TransferBuffers.shared().leasedBytes()).as("transfer buffers lent after the test (%s)",
                TransferBuffers.shared()).isLessThanOrEqualTo(leasedBefore);
    }

    // ---------------------------------------------------------------------------------------
    // Adding

    /** What {@code add} returns and how it treats its source. */
    @Nested
    @DisplayName("Adding images")
    public class Add {

        /** For JUnit. */
        public Add() {
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
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(14, 4097);
            assertThatThrownBy(() -> store().add(id, image.openStream(), declared))
                    .isInstanceOf(InvalidException.class);
            assertNothingStoredUnder(id);
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

    // ---------------------------------------------------------------------------------------
    // Sizes

    /** Empty, tiny, chunk-boundary and mismatching sizes. */
    @Nested
    @DisplayName("Image sizes")
    public class Sizes {

        /** For JUnit. */
        public Sizes() {
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
                assertThat(data.length()).isZero();
                assertThat(data.imageSize()).isZero();
                assertThat(data.read()).isEqualTo(-1);
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
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#boundarySizes")
        @DisplayName("sizes around chunk boundaries round-trip exactly with a declared size")
        void boundarySizesKnown(long size) throws Exception {
            GeneratedImage image = GeneratedImage.of(size, size);
            assertStored(add(newImageId(), image, size), image);
        }

        @ParameterizedTest(name = "{0} bytes")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#boundarySizes")
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
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(21, actual);
            assertThatThrownBy(() -> store().add(id, image.openStream(), declared))
                    .isInstanceOf(SizeMismatchException.class);
            assertNothingStoredUnder(id);
        }

        @ParameterizedTest(name = "{0} bytes declared as {1}")
        @CsvSource({
            "2, 1", "4096, 4095", "4097, 4096", "65537, 65536", "1048577, 1048576",
            "8388608, 8388607", "8388609, 8388608", "8388608, 1"})
        @DisplayName("data running past the declared size fails with SizeMismatchException and stores nothing")
        void dataLongerThanDeclared(long actual, long declared) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(22, actual);
            assertThatThrownBy(() -> store().add(id, image.openStream(), declared))
                    .isInstanceOf(SizeMismatchException.class);
            assertNothingStoredUnder(id);
        }
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

    // ---------------------------------------------------------------------------------------
    // Large images

    /** An image of {@link #largeImageSize()} bytes, generated on the fly, never in memory. */
    @Nested
    @Tag(LARGE_TAG)
    @DisplayName("Large images")
    public class LargeImages {

        /** For JUnit. */
        public LargeImages() {
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

    // ---------------------------------------------------------------------------------------
    // Hashing

    /** The md5 checksum and the multihash, against published test vectors. */
    @Nested
    @DisplayName("Checksums and multihash")
    public class Hashing {

        /** For JUnit. */
        public Hashing() {
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#publishedVectors")
        @DisplayName("md5 and sha512 of the published test vectors (RFC 1321, FIPS 180)")
        void publishedVectors(String input, String md5, String sha512) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            byte[] bytes = input.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            AddResult result = store().add(newImageId(), new ByteArrayInputStream(bytes), bytes.length);

            assertThat(result.checksum()).as("checksum").isEqualTo(md5);
            assertThat(result.multihash()).as("multihash").isEqualTo(sha512);
            assertThat(result.hashAlgorithm()).isEqualTo("sha512");
        }

        @Test
        @DisplayName("md5 and sha512 of one million 'a' (published vector), streamed with an unknown size")
        void millionA() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            byte[] bytes = new byte[1_000_000];
            Arrays.fill(bytes, (byte) 'a');
            AddResult result = store().add(newImageId(), new TricklingInputStream(
                    new ByteArrayInputStream(bytes), 64 * KIB, 7), ImageStore.UNKNOWN_SIZE);

            assertThat(result.size()).isEqualTo(1_000_000);
            assertThat(result.checksum()).isEqualTo("7707d6ae4e027c70eea2a935c2296f21");
            assertThat(result.multihash()).isEqualTo("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                    + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "sha1,       a9993e364706816aba3e25717850c26c9cd0d89d",
            "sha224,     23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            "sha256,     ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha384,     cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                + "8086072ba1e7cc2358baeca134c825a7",
            "sha512,     " + SHA512_ABC,
            "sha512_224, 4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
            "sha512_256, 53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
            "sha3_224,   e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
            "sha3_256,   3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
            "sha3_384,   ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
                + "98d88cea927ac7f539f1edf228376d25",
            "sha3_512,   b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
                + "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"})
        @DisplayName("AddOptions.hashAlgorithm chooses the multihash by its Glance name; the md5 checksum stays md5")
        void chosenAlgorithm(String algorithm, String abcDigest) throws Exception {
            AddResult result = addAbc(algorithm);

            assertThat(result.hashAlgorithm()).isEqualTo(algorithm);
            assertThat(result.multihash()).isEqualTo(abcDigest);
            assertThat(result.checksum()).isEqualTo(MD5_ABC);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "SHA-256,     sha256,     ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA256,      sha256,     ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-384,     sha384,     cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                + "8086072ba1e7cc2358baeca134c825a7",
            "SHA-512,     sha512,     " + SHA512_ABC,
            "SHA-512/256, sha512_256, 53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
            "SHA3-512,    sha3_512,   b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
                + "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"})
        @DisplayName("JDK and upper-case algorithm names are accepted and reported under their Glance name")
        void jdkAlgorithmNames(String given, String glanceName, String abcDigest) throws Exception {
            AddResult result = addAbc(given);

            assertThat(result.hashAlgorithm()).isEqualTo(glanceName);
            assertThat(result.multihash()).isEqualTo(abcDigest);
        }

        @Test
        @DisplayName("hashAlgorithm(null) uses the store's default, sha512")
        void nullAlgorithmMeansDefault() throws Exception {
            AddResult result = addAbc(null);

            assertThat(result.hashAlgorithm()).isEqualTo("sha512");
            assertThat(result.multihash()).isEqualTo(SHA512_ABC);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"sha256, SHA-256", "sha3_512, SHA3-512", "sha1, SHA-1"})
        @DisplayName("a chosen algorithm hashes every chunk of a multi-chunk image")
        void chosenAlgorithmMultiChunk(String algorithm, String jdkName) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(31, 5L * MIB + 3);
            AddResult result = store().add(newImageId(), image.openStream(), image.size(),
                    AddOptions.builder().hashAlgorithm(algorithm).build());

            assertThat(result.multihash()).isEqualTo(image.digestHex(jdkName));
            assertThat(result.checksum()).isEqualTo(image.md5Hex());
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"sha999", "md6", "not-an-algorithm", "sha3_999", "", "  "})
        @DisplayName("an unknown algorithm fails with UnknownHashingAlgoException and stores nothing")
        void unknownAlgorithm(String algorithm) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(32, 70_000);
            assertThatThrownBy(() -> store().add(id, image.openStream(), image.size(),
                    AddOptions.builder().hashAlgorithm(algorithm).build()))
                    .isInstanceOf(UnknownHashingAlgoException.class);
            assertNothingStoredUnder(id);
        }

        private AddResult addAbc(String algorithm) {
            requireCapability(Capability.WRITE_ACCESS);
            return store().add(newImageId(), new ByteArrayInputStream(new byte[] {'a', 'b', 'c'}), 3,
                    AddOptions.builder().hashAlgorithm(algorithm).build());
        }
    }

    /**
     * Published md5 (RFC 1321) and sha512 (FIPS 180-2 and common) vectors: input, md5, sha512.
     *
     * @return the vectors
     */
    static Stream<Arguments> publishedVectors() {
        return Stream.of(
                Arguments.of("", MD5_EMPTY, SHA512_EMPTY),
                Arguments.of("abc", MD5_ABC, SHA512_ABC),
                Arguments.of("message digest", "f96b697d7cb7938d525a2f31aaf161d0",
                        "107dbf389d9e9f71a3a95f6c055b9251bc5268c2be16d6c13492ea45b0199f33"
                        + "09e16455ab1e96118e8a905d5597b72038ddb372a89826046de66687bb420e7c"),
                Arguments.of("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b",
                        "4dbff86cc2ca1bae1e16468a05cb9881c97f1753bce3619034898faa1aabe429"
                        + "955a1bf8ec483d7421fe3c1646613a59ed5441fb0f321389f77f48a879c7b1f1"),
                Arguments.of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                        "8215ef0796a20bcaaae116d3876c664a",
                        "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
                        + "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"),
                Arguments.of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                        + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                        "03dd8807a93175fb062dfb55dc7d359c",
                        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                        + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
                Arguments.of("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6",
                        "07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb64"
                        + "2e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6"));
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    /** Whole reads, ranges, and the edges of ranges. */
    @Nested
    @DisplayName("Reading and ranges")
    public class Reads {

        private static final long SIZE = READ_SIZE;
        private final GeneratedImage image = GeneratedImage.of(41, SIZE);

        /** For JUnit. */
        public Reads() {
        }

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
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#rangesInside")
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
                assertThat(data.length()).isZero();
                assertThat(data.imageSize()).isZero();
                assertThat(data.read()).isEqualTo(-1);
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
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#rangesPastEnd")
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

    // ---------------------------------------------------------------------------------------
    // Deleting

    /** Delete, and what is left after it. */
    @Nested
    @DisplayName("Deleting images")
    public class Delete {

        /** For JUnit. */
        public Delete() {
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

    // ---------------------------------------------------------------------------------------
    // Errors and ids

    /** Ids, duplicates, missing images and failing sources. */
    @Nested
    @DisplayName("Errors and image ids")
    public class Errors {

        /** For JUnit. */
        public Errors() {
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#invalidIds")
        @DisplayName("an invalid image id is refused with InvalidImageIdException")
        void invalidId(String description, String id) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(61, 5000);
            assertThatThrownBy(() -> store().add(id, image.openStream(), image.size()))
                    .isInstanceOf(InvalidImageIdException.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#edgeIds")
        @DisplayName("ids at the edges of the rules (200 characters, letters, digits, -._~) are accepted")
        void edgeIdsAccepted(String description, String id) throws Exception {
            GeneratedImage image = GeneratedImage.of(62, 5000);
            assertStored(add(id, image, image.size()), image);
        }

        @ParameterizedTest(name = "second add with {0} size")
        @ValueSource(strings = {"known", "unknown"})
        @DisplayName("adding an existing id fails with DuplicateException and leaves the image unchanged")
        void duplicate(String sizeMode) throws Exception {
            String id = newImageId();
            GeneratedImage original = GeneratedImage.of(63, MIB + 3);
            GeneratedImage intruder = GeneratedImage.of(64, 2L * MIB + 9);
            AddResult first = add(id, original, original.size());

            long declared = sizeMode.equals("known") ? intruder.size() : ImageStore.UNKNOWN_SIZE;
            assertThatThrownBy(() -> store().add(id, intruder.openStream(), declared))
                    .isInstanceOf(DuplicateException.class);

            assertStored(first, original);
        }

        @Test
        @DisplayName("get, size and delete of a location whose image never existed fail with NotFoundException")
        void neverExisted() throws Exception {
            String location = requireGuessedLocation(newImageId());
            assertThatThrownBy(() -> store().get(location).close()).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store().size(location)).isInstanceOf(NotFoundException.class);
            if (store().hasCapability(Capability.DELETE_ACCESS)) {
                assertThatThrownBy(() -> store().delete(location)).isInstanceOf(NotFoundException.class);
            }
        }

        @ParameterizedTest(name = "failing after {0} bytes, {1} size")
        @CsvSource({"0, known", "1, known", "4096, unknown", "1048576, known", "1048577, unknown",
            "3145735, known", "3145735, unknown"})
        @DisplayName("a source that throws IOException fails the add with SourceReadException and stores nothing")
        void sourceIoFailure(long failAfter, String sizeMode) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(65, 4L * MIB);
            FailingInputStream source = FailingInputStream.after(image.openStream(), failAfter);
            long declared = sizeMode.equals("known") ? image.size() : ImageStore.UNKNOWN_SIZE;

            Throwable thrown = catchThrowable(() -> store().add(id, source, declared));

            assertThat(thrown).isInstanceOf(SourceReadException.class);
            assertThat(causes(thrown)).as("cause chain keeps the source's IOException").contains(source.thrown());
            assertNothingStoredUnder(id);
        }

        @Test
        @DisplayName("a source that throws an unchecked exception fails the add with a GlanceStoreException and stores nothing")
        void sourceUncheckedFailure() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(66, 3L * MIB);
            FailingInputStream source = FailingInputStream.after(image.openStream(), MIB + 5,
                    () -> new UncheckedIOException(new IOException("connection reset")));

            assertThatThrownBy(() -> store().add(id, source, image.size())).isInstanceOf(GlanceStoreException.class);
            assertNothingStoredUnder(id);
        }

        @Test
        @DisplayName("an add interrupted midway either completes intact or stores nothing, and keeps the interrupt")
        void interruptedAdd() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(67, 4L * MIB + 1);
            InterruptingInputStream source = InterruptingInputStream.after(image.openStream(), MIB + 7);
            AddResult result = null;
            Throwable thrown = null;
            try {
                result = store().add(id, source, image.size());
            } catch (Throwable t) {
                thrown = t;
            }
            // Cleared here so the checks below can use the store.
            boolean stillInterrupted = Thread.interrupted();

            if (thrown == null) {
                assertStored(result, image);
            } else {
                assertThat(thrown).isInstanceOf(GlanceStoreException.class);
                assertNothingStoredUnder(id);
            }
            assumeTrue(source.interruptedThread() == Thread.currentThread(),
                    "the store read the source on another thread; the caller's interrupt status does not apply");
            assertThat(stillInterrupted).as("interrupt status kept").isTrue();
        }
    }

    /**
     * Ids an add must refuse: empty, path-like, hidden, too long, with separators, spaces or
     * control characters.
     *
     * @return description and id
     */
    static Stream<Arguments> invalidIds() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("dot", "."),
                Arguments.of("dot-dot", ".."),
                Arguments.of("climbing ../x", "../x"),
                Arguments.of("slash a/b", "a/b"),
                Arguments.of("absolute /etc", "/etc"),
                Arguments.of("backslash", "a\\b"),
                Arguments.of("NUL", "x\u0000"),
                Arguments.of("newline", "a\nb"),
                Arguments.of("hidden .hidden", ".hidden"),
                Arguments.of("201 characters", "a".repeat(201)),
                Arguments.of("space a b", "a b"),
                Arguments.of("percent-encoded slash", "a%2Fb"),
                Arguments.of("query a?b", "a?b"),
                Arguments.of("colon a:b", "a:b"),
                Arguments.of("non-ASCII letter", "caf\u00e9"));
    }

    /**
     * Ids at the edges of what must be accepted.
     *
     * @return description and id
     */
    static Stream<Arguments> edgeIds() {
        return Stream.of(
                Arguments.of("200 characters", "b".repeat(200)),
                Arguments.of("one character", "z"),
                Arguments.of("upper-case UUID", UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT)),
                Arguments.of("every allowed punctuation", "Az09-._~" + UUID.randomUUID()),
                Arguments.of("inner dots", "a..b" + UUID.randomUUID()));
    }

    // ---------------------------------------------------------------------------------------
    // Capabilities

    /** What the store declares, and the refusals that follow from what it lacks. */
    @Nested
    @DisplayName("Capabilities")
    public class Capabilities {

        /** For JUnit. */
        public Capabilities() {
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
            assumeFalse(store().hasCapability(Capability.READ_RANDOM), "store has READ_RANDOM: nothing to refuse");
            assumeFalse(store().hasCapability(Capability.READ_OFFSET), "store has READ_OFFSET: nothing to refuse");
            GeneratedImage image = GeneratedImage.of(71, 10_000);
            String location = add(newImageId(), image, image.size()).location();

            assertThatThrownBy(() -> store().get(location, 1, -1).close())
                    .isInstanceOf(StoreRandomGetNotSupportedException.class);
            assertThatThrownBy(() -> store().get(location, 5000, 10).close())
                    .isInstanceOf(StoreRandomGetNotSupportedException.class);
            assertContent(location, image);
        }

        @Test
        @DisplayName("without READ_RANDOM or READ_CHUNK, a bounded read is refused with "
                + "StoreRandomGetNotSupportedException")
        void boundedRefused() throws Exception {
            assumeFalse(store().hasCapability(Capability.READ_RANDOM), "store has READ_RANDOM: nothing to refuse");
            assumeFalse(store().hasCapability(Capability.READ_CHUNK), "store has READ_CHUNK: nothing to refuse");
            GeneratedImage image = GeneratedImage.of(72, 10_000);
            String location = add(newImageId(), image, image.size()).location();

            assertThatThrownBy(() -> store().get(location, 0, 1).close())
                    .isInstanceOf(StoreRandomGetNotSupportedException.class);
            assertThatThrownBy(() -> store().get(location, 0, image.size()).close())
                    .isInstanceOf(StoreRandomGetNotSupportedException.class);
            assertContent(location, image);
        }

        @Test
        @DisplayName("without WRITE_ACCESS, add is refused with StoreAddDisabledException")
        void addRefused() {
            assumeFalse(store().hasCapability(Capability.WRITE_ACCESS), "store has WRITE_ACCESS: nothing to refuse");
            assertThatThrownBy(() -> store().add(newImageId(), new ByteArrayInputStream(new byte[10]), 10))
                    .isInstanceOf(StoreAddDisabledException.class);
        }

        @Test
        @DisplayName("without DELETE_ACCESS, delete is refused with StoreDeleteNotSupportedException and "
                + "the image stays")
        void deleteRefused() throws Exception {
            assumeFalse(store().hasCapability(Capability.DELETE_ACCESS), "store has DELETE_ACCESS: nothing to refuse");
            GeneratedImage image = GeneratedImage.of(73, 10_000);
            AddResult result = add(newImageId(), image, image.size());

            assertThatThrownBy(() -> store().delete(result.location()))
                    .isInstanceOf(StoreDeleteNotSupportedException.class);
            assertStored(result, image);
        }

        @Test
        @DisplayName("without READ_ACCESS, get is refused with StoreGetNotSupportedException")
        void getRefused() {
            assumeFalse(store().hasCapability(Capability.READ_ACCESS), "store has READ_ACCESS: nothing to refuse");
            GeneratedImage image = GeneratedImage.of(74, 10_000);
            String location = add(newImageId(), image, image.size()).location();

            assertThatThrownBy(() -> store().get(location).close()).isInstanceOf(StoreGetNotSupportedException.class);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Concurrency

    /** Many threads on one store instance. */
    @Nested
    @DisplayName("Concurrency")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    public class Concurrency {

        private static final int THREADS = 8;

        /** For JUnit. */
        public Concurrency() {
        }

        @Test
        @DisplayName("concurrent adds of different ids all store their bytes intact")
        void concurrentAddsOfDifferentIds() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            List<Callable<Map.Entry<AddResult, GeneratedImage>>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < 3; i++) {
                    GeneratedImage image = GeneratedImage.of(100L * t + i, (t * 3L + i) * 97_001);
                    long declared = (t + i) % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE;
                    tasks.add(() -> Map.entry(store().add(newImageId(), image.openStream(), declared), image));
                }
            }
            List<Map.Entry<AddResult, GeneratedImage>> results = runAll(tasks);

            assertThat(results.stream().map(e -> e.getKey().location()).distinct()).hasSize(results.size());
            for (Map.Entry<AddResult, GeneratedImage> e : results) {
                assertStored(e.getKey(), e.getValue());
            }
        }

        @Test
        @DisplayName("concurrent whole reads of one image all deliver the same bytes")
        void concurrentWholeReads() throws Exception {
            GeneratedImage image = GeneratedImage.of(81, 3L * MIB + 11);
            String location = add(newImageId(), image, image.size()).location();
            List<Callable<Digests>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS * 3; i++) {
                tasks.add(() -> {
                    try (ImageData data = store().get(location)) {
                        return Digests.of(data);
                    }
                });
            }
            assertThat(runAll(tasks)).allSatisfy(d -> assertThat(d).isEqualTo(image.digests()));
        }

        @Test
        @DisplayName("concurrent ranged reads of one image each deliver their range")
        void concurrentRangedReads() throws Exception {
            requireRandomReads();
            GeneratedImage image = GeneratedImage.of(82, 3L * MIB + 13);
            String location = add(newImageId(), image, image.size()).location();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(t);
                long[][] ranges = new long[20][];
                for (int i = 0; i < ranges.length; i++) {
                    long offset = random.nextLong(image.size());
                    ranges[i] = new long[] {offset, random.nextLong(1, 300_000)};
                }
                tasks.add(() -> {
                    for (long[] range : ranges) {
                        long length = Math.min(range[1], image.size() - range[0]);
                        try (ImageData data = store().get(location, range[0], range[1])) {
                            assertRange(data, image, range[0], length);
                        }
                    }
                    return null;
                });
            }
            runAll(tasks);
        }

        @Test
        @DisplayName("concurrent adds of the same id: exactly one wins, the others fail with DuplicateException, "
                + "and the winner's bytes are stored intact")
        void concurrentAddsOfSameId() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            for (int round = 0; round < 6; round++) {
                String id = newImageId();
                int contenders = 6;
                CyclicBarrier start = new CyclicBarrier(contenders);
                List<GeneratedImage> images = new ArrayList<>();
                List<Callable<AddResult>> tasks = new ArrayList<>();
                for (int c = 0; c < contenders; c++) {
                    GeneratedImage image = GeneratedImage.of(1000L * round + c, 512L * KIB + c * 4099L);
                    long declared = c % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE;
                    images.add(image);
                    tasks.add(() -> {
                        start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                        return store().add(id, image.openStream(), declared);
                    });
                }
                List<Outcome<AddResult>> outcomes = runAllOutcomes(tasks);

                List<Integer> winners = new ArrayList<>();
                for (int c = 0; c < contenders; c++) {
                    Outcome<AddResult> outcome = outcomes.get(c);
                    if (outcome.failure == null) {
                        winners.add(c);
                    } else {
                        assertThat(outcome.failure).as("round %d, contender %d", round, c)
                                .isInstanceOf(DuplicateException.class);
                    }
                }
                assertThat(winners).as("round %d: winners", round).hasSize(1);
                int winner = winners.get(0);
                assertStored(outcomes.get(winner).value, images.get(winner));
            }
        }

        @Test
        @DisplayName("an image being added is invisible until its add returns")
        void invisibleWhileAdding() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            String guessed = requireGuessedLocation(id);
            GeneratedImage image = GeneratedImage.of(83, 3L * MIB + 1);
            GatedInputStream source = new GatedInputStream(image.openStream(), MIB + 17);
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<AddResult> adding = executor.submit(() -> store().add(id, source, image.size()));
                assertThat(source.awaitPaused(WAIT_SECONDS, TimeUnit.SECONDS)).as("add reached the gate").isTrue();

                assertThatThrownBy(() -> store().size(guessed)).isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> store().get(guessed).close()).isInstanceOf(NotFoundException.class);

                source.open();
                assertStored(adding.get(WAIT_SECONDS, TimeUnit.SECONDS), image);
            } finally {
                source.open();
                executor.shutdownNow();
            }
        }

        @Test
        @DisplayName("adds, reads and deletes of different images at once do not disturb each other")
        void mixedWorkload() throws Exception {
            requireCapability(Capability.DELETE_ACCESS);
            GeneratedImage shared = GeneratedImage.of(84, 2L * MIB + 3);
            String sharedLocation = add(newImageId(), shared, shared.size()).location();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 6; i++) {
                        GeneratedImage image = GeneratedImage.of(5000L * thread + i, 65_536L + 77_777L * i + thread);
                        AddResult result = store().add(newImageId(), image.openStream(),
                                i % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE);
                        assertStored(result, image);
                        try (ImageData data = store().get(sharedLocation)) {
                            assertThat(Digests.of(data)).isEqualTo(shared.digests());
                        }
                        store().delete(result.location());
                        assertThatThrownBy(() -> store().size(result.location())).isInstanceOf(NotFoundException.class);
                    }
                    return null;
                });
            }
            runAll(tasks);
            assertContent(sharedLocation, shared);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Verifiers, progress, read checks

    /**
     * The shared transfer buffers ({@link TransferBuffers}): an add borrows at most 1 MiB of
     * them, and every buffer is back when a failed add or read returns, whatever failed.
     */
    @Nested
    @DisplayName("Transfer buffers")
    public class Buffers {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"source shorter than declared", "source longer than declared", "source IOException",
            "source unchecked exception", "interrupted", "verifier rejects", "verifier fails in update"})
        @DisplayName("a failed add gives every transfer buffer back")
        void failedAddGivesBuffersBack(String failure) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            long before = TransferBuffers.shared().leasedBytes();
            GeneratedImage image = GeneratedImage.of(91, 3L * MIB + 11);
            String id = newImageId();
            InputStream source = image.openStream();
            long declared = image.size();
            AddOptions options = AddOptions.defaults();
            switch (failure) {
                case "source shorter than declared" -> declared = image.size() + 1;
                case "source longer than declared" -> declared = image.size() - 1;
                case "source IOException" -> source = FailingInputStream.after(source, MIB + 3);
                case "source unchecked exception" -> source = FailingInputStream.after(source, MIB + 3,
                        () -> new IllegalStateException("broken source"));
                case "interrupted" -> source = InterruptingInputStream.after(source, MIB + 7);
                case "verifier rejects" -> options = AddOptions.builder()
                        .verifier(RecordingVerifier.rejectingWith(() -> new IllegalStateException("bad signature")))
                        .build();
                default -> options = AddOptions.builder().verifier(RecordingVerifier.failingInUpdateAfter(MIB,
                        () -> new IllegalStateException("verifier broke"))).build();
            }
            InputStream data = source;
            long size = declared;
            AddOptions addOptions = options;
            Throwable thrown = catchThrowable(() -> store().add(id, data, size, addOptions));
            Thread.interrupted();
            if (!failure.equals("interrupted")) {
                assertThat(thrown).isInstanceOf(GlanceStoreException.class);
            }
            assertBuffersBack(before);
        }

        @Test
        @DisplayName("a verified read that fails its check, or is closed midway, gives its buffers back")
        void failedVerifiedReadGivesBuffersBack() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(92, 2L * MIB + 5);
            AddResult added = store().add(newImageId(), image.openStream(), image.size());
            long before = TransferBuffers.shared().leasedBytes();
            ReadOptions wrong = ReadOptions.builder().expectedMd5(MD5_EMPTY).build();
            try (ImageData data = store().get(added.location(), 0, -1, wrong)) {
                assertThatThrownBy(() -> data.transferTo(OutputStream.nullOutputStream()))
                        .isInstanceOf(ChecksumMismatchException.class);
            }
            assertBuffersBack(before);
            ReadOptions right = ReadOptions.builder().expectedMd5(image.md5Hex()).build();
            try (ImageData data = store().get(added.location(), 0, -1, right)) {
                assertThat(data.readNBytes(MIB + 1)).hasSize(MIB + 1);
            }
            assertBuffersBack(before);
        }

        @Test
        @DisplayName("an add borrows at most 1 MiB of transfer buffers, whatever the image size")
        void anAddBorrowsAtMostOneMebibyte() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(93, 9L * MIB + 1);
            long before = TransferBuffers.shared().leasedBytes();
            TransferBuffers.shared().resetPeak();
            store().add(newImageId(), image.openStream(), image.size());
            assertThat(TransferBuffers.shared().peakLeasedBytes() - before).isPositive().isLessThanOrEqualTo(MIB);
        }
    }

    /** Verifiers and progress listeners of adds, and expected hashes and progress of reads. */
    @Nested
    @DisplayName("Verifiers, progress and read checks")
    public class Verification {

        /** For JUnit. */
        public Verification() {
        }

        @Test
        @DisplayName("the verifier sees every byte in order, then verify() once")
        void verifierSeesEveryByte() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(91, 5L * MIB + 3);
            RecordingVerifier verifier = RecordingVerifier.accepting();
            AddResult result = store().add(newImageId(), image.openStream(), image.size(),
                    AddOptions.builder().verifier(verifier).build());

            assertThat(verifier.bytesSeen()).isEqualTo(image.size());
            assertThat(verifier.sha512Hex()).as("sha512 of the bytes in the order seen").isEqualTo(image.sha512Hex());
            assertThat(verifier.verifyCalls()).isEqualTo(1);
            assertThat(verifier.updatedAfterVerify()).isFalse();
            assertStored(result, image);
        }

        @Test
        @DisplayName("the verifier of an empty image sees no bytes and is still asked to verify once")
        void verifierOfEmptyImage() {
            requireCapability(Capability.WRITE_ACCESS);
            RecordingVerifier verifier = RecordingVerifier.accepting();
            store().add(newImageId(), InputStream.nullInputStream(), 0, AddOptions.builder().verifier(verifier).build());

            assertThat(verifier.bytesSeen()).isZero();
            assertThat(verifier.verifyCalls()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#verifierFailures")
        @DisplayName("a verifier that throws in verify() fails the add with VerificationFailedException and "
                + "stores nothing")
        void verifierRejects(String description, Supplier<RuntimeException> failure) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(92, 2L * MIB + 1);
            RuntimeException[] rejection = new RuntimeException[1];
            RecordingVerifier verifier = RecordingVerifier.rejectingWith(() -> rejection[0] = failure.get());

            Throwable thrown = catchThrowable(() -> store().add(id, image.openStream(), image.size(),
                    AddOptions.builder().verifier(verifier).build()));

            assertThat(thrown).isInstanceOf(VerificationFailedException.class);
            assertThat(causes(thrown)).as("the verifier's exception is kept").contains(rejection[0]);
            assertNothingStoredUnder(id);
        }

        @Test
        @DisplayName("a verifier that throws in update() fails the add and stores nothing")
        void verifierFailsInUpdate() throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            String id = newImageId();
            GeneratedImage image = GeneratedImage.of(93, 3L * MIB + 1);
            RecordingVerifier verifier = RecordingVerifier.failingInUpdateAfter(MIB + 1,
                    () -> new IllegalStateException("bad image header"));

            assertThatThrownBy(() -> store().add(id, image.openStream(), image.size(),
                    AddOptions.builder().verifier(verifier).build())).isInstanceOf(GlanceStoreException.class);
            assertNothingStoredUnder(id);
        }

        @ParameterizedTest(name = "{0} size")
        @ValueSource(strings = {"known", "unknown"})
        @DisplayName("the add's progress listener reaches the image size, never goes back, and reports the "
                + "declared total (-1 when unknown)")
        void addProgress(String sizeMode) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(94, 3L * MIB + 77);
            long declared = sizeMode.equals("known") ? image.size() : ImageStore.UNKNOWN_SIZE;
            RecordingProgressListener listener = new RecordingProgressListener();
            store().add(newImageId(), image.openStream(), declared,
                    AddOptions.builder().progressListener(listener).build());

            assertThat(listener.problems()).isEmpty();
            assertThat(listener.calls()).isPositive();
            assertThat(listener.lastTransferred()).isEqualTo(image.size());
            assertThat(listener.totals()).containsExactly(declared);
        }

        @Test
        @DisplayName("a read's progress listener reaches the image size and reports it as the total")
        void readProgress() throws Exception {
            GeneratedImage image = GeneratedImage.of(95, 2L * MIB + 5);
            String location = add(newImageId(), image, image.size()).location();
            RecordingProgressListener listener = new RecordingProgressListener();
            try (ImageData data = store().get(location, 0, -1, ReadOptions.builder().progressListener(listener).build())) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }

            assertThat(listener.problems()).isEmpty();
            assertThat(listener.lastTransferred()).isEqualTo(image.size());
            assertThat(listener.totals()).containsExactly(image.size());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"sha512, SHA-512", "sha256, SHA-256", "sha3_512, SHA3-512"})
        @DisplayName("a whole read with the right expected md5 and multihash completes")
        void expectedHashesMatch(String algorithm, String jdkName) throws Exception {
            requireCapability(Capability.WRITE_ACCESS);
            GeneratedImage image = GeneratedImage.of(96, 3L * MIB + 1);
            AddResult result = store().add(newImageId(), image.openStream(), image.size(),
                    AddOptions.builder().hashAlgorithm(algorithm).build());
            ReadOptions options = ReadOptions.builder().expectedMd5(result.checksum())
                    .expectedMultihash(result.hashAlgorithm(), result.multihash()).build();

            try (ImageData data = store().get(result.location(), 0, -1, options)) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
            assertThat(result.multihash()).isEqualTo(image.digestHex(jdkName));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReadStyle.class)
        @DisplayName("a whole read with a wrong expected md5 throws ChecksumMismatchException by the end")
        void wrongMd5(ReadStyle style) throws Exception {
            GeneratedImage image = GeneratedImage.of(97, MIB + 3);
            String location = add(newImageId(), image, image.size()).location();
            String wrong = corrupt(image.md5Hex());

            assertThatThrownBy(() -> {
                try (ImageData data = store().get(location, 0, -1, ReadOptions.builder().expectedMd5(wrong).build())) {
                    style.consume(data);
                }
            }).isInstanceOf(ChecksumMismatchException.class);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(ReadStyle.class)
        @DisplayName("a whole read with a wrong expected multihash throws ChecksumMismatchException by the end")
        void wrongMultihash(ReadStyle style) throws Exception {
            GeneratedImage image = GeneratedImage.of(98, MIB + 3);
            String location = add(newImageId(), image, image.size()).location();
            ReadOptions options = ReadOptions.builder().expectedMd5(image.md5Hex())
                    .expectedMultihash("sha512", corrupt(image.sha512Hex())).build();

            assertThatThrownBy(() -> {
                try (ImageData data = store().get(location, 0, -1, options)) {
                    style.consume(data);
                }
            }).isInstanceOf(ChecksumMismatchException.class);
        }

        @Test
        @DisplayName("a wrong expected hash of an empty image fails at the end of the (empty) read")
        void wrongHashOfEmptyImage() throws Exception {
            String location = add(newImageId(), GeneratedImage.of(99, 0), 0).location();
            ReadOptions options = ReadOptions.builder().expectedMd5(MD5_ABC).build();

            assertThatThrownBy(() -> {
                try (ImageData data = store().get(location, 0, -1, options)) {
                    data.readAllBytes();
                }
            }).isInstanceOf(ChecksumMismatchException.class);
        }
    }

    /**
     * Exceptions a verifier may reject an image with.
     *
     * @return description and a supplier of the exception
     */
    static Stream<Arguments> verifierFailures() {
        return Stream.of(
                Arguments.of("RuntimeException", (Supplier<RuntimeException>) () -> new RuntimeException("bad signature")),
                Arguments.of("IllegalStateException",
                        (Supplier<RuntimeException>) () -> new IllegalStateException("bad signature")),
                Arguments.of("SecurityException", (Supplier<RuntimeException>) () -> new SecurityException("untrusted")),
                Arguments.of("a GlanceStoreException that is not VerificationFailedException",
                        (Supplier<RuntimeException>) () -> new GlanceStoreException("certificate unavailable")),
                Arguments.of("VerificationFailedException itself",
                        (Supplier<RuntimeException>) () -> new VerificationFailedException("bad signature")));
    }

    // ---------------------------------------------------------------------------------------
    // Locations

    /** The location URIs add returns, and URIs that are not the store's. */
    @Nested
    @DisplayName("Locations")
    public class LocationUris {

        /** For JUnit. */
        public LocationUris() {
        }

        @Test
        @DisplayName("a location has a scheme, no whitespace or control characters, and is handled by the store")
        void locationWellFormed() {
            GeneratedImage image = GeneratedImage.of(101, 100);
            String location = add(newImageId(), image, image.size()).location();

            assertThat(Locations.scheme(location)).isNotBlank();
            assertThat(location.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))
                    .as("no whitespace or control characters in %s", Locations.mask(location)).isTrue();
            assertThat(store().handles(location)).isTrue();
        }

        @Test
        @DisplayName("handles() stays true for a location after its image was deleted: it is still the store's")
        void deletedLocationStillHandled() {
            requireCapability(Capability.DELETE_ACCESS);
            GeneratedImage image = GeneratedImage.of(102, 100);
            String location = add(newImageId(), image, image.size()).location();
            store().delete(location);

            assertThat(store().handles(location)).isTrue();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#foreignLocations")
        @DisplayName("handles() answers false for malformed or foreign locations and never throws")
        void foreignNotHandled(String location) {
            assertThat(store().handles(location)).isFalse();
        }

        @Test
        @DisplayName("handles(null) answers false")
        void nullNotHandled() {
            assertThat(store().handles(null)).isFalse();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("io.glancestore.tck.ImageStoreContractTest#foreignLocations")
        @DisplayName("get, size and delete of a malformed or foreign location fail with BadStoreUriException "
                + "or UnknownSchemeException")
        void foreignRefused(String location) {
            assertThatThrownBy(() -> store().get(location).close())
                    .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class);
            assertThatThrownBy(() -> store().size(location))
                    .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class);
            assertThatThrownBy(() -> store().delete(location))
                    .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class,
                            StoreDeleteNotSupportedException.class);
        }

        @Test
        @DisplayName("the store's own scheme with nothing after it is refused")
        void bareOwnScheme() {
            GeneratedImage image = GeneratedImage.of(103, 100);
            String location = add(newImageId(), image, image.size()).location();
            String scheme = Locations.scheme(location);

            for (String bare : List.of(scheme + ":", scheme + "://", scheme + ":///")) {
                assertThat(store().handles(bare)).as("handles(%s)", bare).isFalse();
                assertThatThrownBy(() -> store().get(bare).close()).as("get(%s)", bare)
                        .isInstanceOf(BadStoreUriException.class);
                assertThatThrownBy(() -> store().size(bare)).as("size(%s)", bare)
                        .isInstanceOf(BadStoreUriException.class);
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"../", "../../", "..%2F", "./../"})
        @DisplayName("a location whose image part climbs out of the store never serves bytes")
        void traversalRefused(String climb) {
            GeneratedImage image = GeneratedImage.of(104, 100);
            String id = newImageId();
            String location = add(id, image, image.size()).location();
            assumeTrue(location.indexOf(id) >= 0 && location.indexOf(id) == location.lastIndexOf(id),
                    "store's locations do not contain the image id once");
            String climbing = location.replace(id, climb + id);

            assertThatThrownBy(() -> store().get(climbing).close())
                    .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class, NotFoundException.class);
            assertThatThrownBy(() -> store().size(climbing))
                    .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class, NotFoundException.class);
        }
    }

    /**
     * Locations no store of this SDK may claim: malformed, without scheme, of invented schemes.
     *
     * @return the URIs
     */
    static Stream<String> foreignLocations() {
        return Stream.of("", " ", "garbage", "no-scheme/at/all", "://missing-scheme/x", ":",
                "1nvalid-scheme://host/x", "no-such-scheme://host/" + UUID.randomUUID(),
                "bogus+scheme://user:secret@host/" + UUID.randomUUID(), "\u0000", "scheme\u0000://x/y");
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    /** Ways a caller consumes an {@link ImageData}; each must deliver (and check) the same bytes. */
    enum ReadStyle {
        /** {@code read(byte[], int, int)} with an odd buffer size. */
        BULK {
            @Override
            Digests consume(InputStream in) throws IOException {
                return Digests.of(new TricklingInputStream(in, 8191, 3));
            }
        },
        /** {@code read()} one byte at a time. */
        SINGLE_BYTES {
            @Override
            Digests consume(InputStream in) throws IOException {
                DigestSink sink = new DigestSink();
                int b;
                while ((b = in.read()) >= 0) {
                    sink.write(b);
                }
                return sink.digests();
            }
        },
        /** {@code readAllBytes()}. */
        READ_ALL_BYTES {
            @Override
            Digests consume(InputStream in) throws IOException {
                return Digests.of(in.readAllBytes());
            }
        },
        /** {@code transferTo(OutputStream)}, the path a store may serve with sendfile. */
        TRANSFER_TO {
            @Override
            Digests consume(InputStream in) throws IOException {
                DigestSink sink = new DigestSink();
                long n = in.transferTo(sink);
                assertThat(n).as("transferTo's count").isEqualTo(sink.length);
                return sink.digests();
            }
        };

        abstract Digests consume(InputStream in) throws IOException;
    }

    /** An output stream that only digests, for transferTo. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest md5 = Digests.newDigest("MD5");
        private final MessageDigest sha512 = Digests.newDigest("SHA-512");
        private long length;

        @Override
        public void write(int b) {
            md5.update((byte) b);
            sha512.update((byte) b);
            length++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            md5.update(b, off, len);
            sha512.update(b, off, len);
            length += len;
        }

        Digests digests() {
            HexFormat hex = HexFormat.of();
            return new Digests(length, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
        }
    }

    /** A source that remembers whether it was closed. */
    private static final class CloseRecordingStream extends FilterInputStream {
        volatile boolean closed;

        CloseRecordingStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    /** The result or the failure of one task. */
    private static final class Outcome<T> {
        final T value;
        final Throwable failure;

        Outcome(T value, Throwable failure) {
            this.value = value;
            this.failure = failure;
        }
    }

    private AddResult add(String imageId, GeneratedImage image, long declaredSize) {
        requireCapability(Capability.WRITE_ACCESS);
        return store().add(imageId, image.openStream(), declaredSize);
    }

    private void requireCapability(Capability capability) {
        assumeTrue(store().hasCapability(capability), "store lacks " + capability);
    }

    private long requireLargeImageSize() {
        long size = largeImageSize();
        assumeTrue(size > 0, "large images disabled: largeImageSize() is " + size);
        return size;
    }

    private void requireOffsetReads() {
        assumeTrue(store().hasCapability(Capability.READ_RANDOM) || store().hasCapability(Capability.READ_OFFSET),
                "store lacks READ_RANDOM and READ_OFFSET");
    }

    private void requireBoundedReads() {
        assumeTrue(store().hasCapability(Capability.READ_RANDOM) || store().hasCapability(Capability.READ_CHUNK),
                "store lacks READ_RANDOM and READ_CHUNK");
    }

    private void requireRandomReads() {
        assumeTrue(store().hasCapability(Capability.READ_RANDOM)
                || (store().hasCapability(Capability.READ_OFFSET) && store().hasCapability(Capability.READ_CHUNK)),
                "store lacks READ_RANDOM");
    }

    /**
     * The location an image with this id would get, derived from a probe image's location by
     * swapping the id; skips the test, visibly, when the store's locations do not contain the id.
     */
    private String requireGuessedLocation(String imageId) {
        Optional<String> guessed = guessLocation(imageId);
        assumeTrue(guessed.isPresent(), "store's locations do not contain the image id, so none can be derived");
        return guessed.get();
    }

    private Optional<String> guessLocation(String imageId) {
        requireCapability(Capability.WRITE_ACCESS);
        String probeId = newImageId();
        String probe = store().add(probeId, new ByteArrayInputStream(new byte[] {42}), 1).location();
        try {
            int at = probe.indexOf(probeId);
            if (at < 0 || probe.indexOf(probeId, at + 1) >= 0) {
                return Optional.empty();
            }
            return Optional.of(probe.substring(0, at) + imageId + probe.substring(at + probeId.length()));
        } finally {
            if (store().hasCapability(Capability.DELETE_ACCESS)) {
                store().delete(probe);
            }
        }
    }

    /**
     * Checks that a failed add left nothing: the location the image would have had (when it can
     * be derived) serves nothing, and the id can be added again with other bytes, which are the
     * ones then served.
     */
    private void assertNothingStoredUnder(String imageId) throws IOException {
        Optional<String> guessed = guessLocation(imageId);
        if (guessed.isPresent()) {
            String location = guessed.get();
            assertThatThrownBy(() -> store().size(location)).as("size of the failed image's location")
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store().get(location).close()).as("get of the failed image's location")
                    .isInstanceOf(NotFoundException.class);
        }
        GeneratedImage replacement = GeneratedImage.of(imageId.hashCode(), 4099);
        AddResult again = store().add(imageId, replacement.openStream(), replacement.size());
        assertStored(again, replacement);
    }

    /** Checks an add's result and the bytes, size and hashes the store now serves for it. */
    private void assertStored(AddResult result, GeneratedImage image) throws IOException {
        assertThat(result.size()).as("AddResult.size()").isEqualTo(image.size());
        assertThat(result.checksum()).as("AddResult.checksum()").isEqualTo(image.md5Hex());
        if ("sha512".equals(result.hashAlgorithm())) {
            assertThat(result.multihash()).as("AddResult.multihash()").isEqualTo(image.sha512Hex());
        }
        assertThat(store().size(result.location())).as("size(location)").isEqualTo(image.size());
        assertContent(result.location(), image);
    }

    /** The rest of an image read, from a position, through its positional reads only. */
    private static final class PositionalInputStream extends InputStream {
        private final ImageData data;
        private final ByteBuffer buffer;
        private long position;

        PositionalInputStream(ImageData data, long position, int bufferSize) {
            this.data = data;
            this.position = position;
            this.buffer = ByteBuffer.allocate(bufferSize);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            buffer.clear().limit(Math.min(len, buffer.capacity()));
            int n = data.readAt(position, buffer);
            if (n > 0) {
                assertThat(buffer.position()).as("buffer position after readAt").isEqualTo(n);
                buffer.flip().get(b, off, n);
                position += n;
            } else {
                assertThat(n).as("readAt with room").isEqualTo(-1);
            }
            return n;
        }
    }

    private void assertContent(String location, GeneratedImage image) throws IOException {
        try (ImageData data = store().get(location)) {
            assertRange(data, image, 0, image.size());
        }
    }

    /** Checks an ImageData's description and streams its bytes against the generated ones. */
    private static void assertRange(ImageData data, GeneratedImage image, long offset, long length)
            throws IOException {
        assertThat(data.offset()).as("ImageData.offset()").isEqualTo(offset);
        assertThat(data.length()).as("ImageData.length()").isEqualTo(length);
        assertThat(data.imageSize()).as("ImageData.imageSize()").isEqualTo(image.size());
        try (InputStream expected = image.openStream(offset, length)) {
            assertSameBytes(expected, data, offset);
        }
    }

    /** Compares two streams chunk by chunk, naming the image position of the first difference. */
    private static void assertSameBytes(InputStream expected, InputStream actual, long base) throws IOException {
        byte[] e = new byte[64 * KIB];
        byte[] a = new byte[64 * KIB];
        long position = base;
        while (true) {
            int ne = expected.readNBytes(e, 0, e.length);
            if (ne == 0) {
                int extra = actual.read();
                if (extra >= 0) {
                    fail("the store delivered bytes past the end, from image position " + position);
                }
                return;
            }
            int na = actual.readNBytes(a, 0, ne);
            if (na < ne) {
                fail("the store's data ended at image position " + (position + na) + ", expected "
                        + (ne - na) + " more bytes at least");
            }
            int mismatch = Arrays.mismatch(e, 0, ne, a, 0, na);
            if (mismatch >= 0) {
                fail("first differing byte at image position " + (position + mismatch) + ": expected "
                        + (e[mismatch] & 0xff) + ", got " + (a[mismatch] & 0xff));
            }
            position += ne;
        }
    }

    private byte[] readAll(String location) throws IOException {
        try (ImageData data = store().get(location)) {
            return data.readAllBytes();
        }
    }

    /** Flips the first hex digit, so the value stays well-formed but wrong. */
    private static String corrupt(String hex) {
        char first = hex.charAt(0);
        return (first == '0' ? '1' : '0') + hex.substring(1);
    }

    /** The exception and all its causes and suppressed exceptions. */
    private static Set<Throwable> causes(Throwable t) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                if (next.getCause() != null) {
                    todo.add(next.getCause());
                }
                todo.addAll(Arrays.asList(next.getSuppressed()));
            }
        }
        return seen;
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        List<T> values = new ArrayList<>();
        for (Outcome<T> outcome : runAllOutcomes(tasks)) {
            if (outcome.failure != null) {
                if (outcome.failure instanceof Error) {
                    throw (Error) outcome.failure;
                }
                throw new AssertionError("a concurrent task failed", outcome.failure);
            }
            values.add(outcome.value);
        }
        return values;
    }

    /** Runs tasks on their own threads and waits for all of them, bounded in time. */
    private <T> List<Outcome<T>> runAllOutcomes(List<Callable<T>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(tasks.size(), 16));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(task));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(WAIT_SECONDS, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent task did not finish in " + WAIT_SECONDS + " s: deadlock?", e);
                }
            }
            return outcomes;
        } finally {
            executor.shutdownNow();
        }
    }
}
