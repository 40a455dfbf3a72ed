package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.VerificationFailedException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifiers and progress listeners of adds, and expected hashes and progress of reads. */
public abstract class VerificationContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected VerificationContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
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
    @MethodSource("io.glancestore.tck.VerificationContract#verifierFailures")
    @DisplayName("a verifier that throws in verify() fails the add with VerificationFailedException and "
            + "stores nothing")
    void verifierRejects(String description, Supplier<RuntimeException> failure) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(92, 2L * MIB + 1);
        RuntimeException[] rejection = new RuntimeException[1];
        AddOptions options = AddOptions.builder()
                .verifier(RecordingVerifier.rejectingWith(() -> rejection[0] = failure.get())).build();

        Throwable thrown = assertAddFailsStoringNothing(VerificationFailedException.class,
                id -> store().add(id, image.openStream(), image.size(), options));

        assertThat(causes(thrown)).as("the verifier's exception is kept").contains(rejection[0]);
    }

    @Test
    @DisplayName("a verifier that throws in update() fails the add and stores nothing")
    void verifierFailsInUpdate() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(93, 3L * MIB + 1);
        AddOptions options = AddOptions.builder().verifier(RecordingVerifier.failingInUpdateAfter(MIB + 1,
                () -> new IllegalStateException("bad image header"))).build();

        assertAddFailsStoringNothing(GlanceStoreException.class,
                id -> store().add(id, image.openStream(), image.size(), options));
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
        GeneratedImage image = GeneratedImage.of(96, 3L * MIB + 1);
        AddResult result = addHashedWith(image, algorithm);
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

        assertWholeReadMismatches(location, ReadOptions.builder().expectedMd5(wrong).build(), style);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReadStyle.class)
    @DisplayName("a whole read with a wrong expected multihash throws ChecksumMismatchException by the end")
    void wrongMultihash(ReadStyle style) throws Exception {
        GeneratedImage image = GeneratedImage.of(98, MIB + 3);
        String location = add(newImageId(), image, image.size()).location();
        ReadOptions options = ReadOptions.builder().expectedMd5(image.md5Hex())
                .expectedMultihash("sha512", corrupt(image.sha512Hex())).build();

        assertWholeReadMismatches(location, options, style);
    }

    @Test
    @DisplayName("a wrong expected hash of an empty image fails at the end of the (empty) read")
    void wrongHashOfEmptyImage() throws Exception {
        String location = add(newImageId(), GeneratedImage.of(99, 0), 0).location();
        ReadOptions options = ReadOptions.builder().expectedMd5(MD5_ABC).build();

        assertWholeReadMismatches(location, options, ReadStyle.READ_ALL_BYTES);
    }

    /** A whole read of {@code location} with {@code options}, consumed in {@code style}, fails by its end. */
    private void assertWholeReadMismatches(String location, ReadOptions options, ReadStyle style) {
        assertThatThrownBy(() -> {
            try (ImageData data = store().get(location, 0, -1, options)) {
                style.consume(data);
            }
        }).isInstanceOf(ChecksumMismatchException.class);
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
}
