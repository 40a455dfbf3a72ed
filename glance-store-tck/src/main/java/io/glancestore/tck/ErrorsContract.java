package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.SourceReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids, duplicates, missing images and failing sources. */
public abstract class ErrorsContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected ErrorsContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.glancestore.tck.ErrorsContract#invalidIds")
    @DisplayName("an invalid image id is refused with InvalidImageIdException")
    void invalidId(String description, String id) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(61, 5000);
        assertThatThrownBy(() -> store().add(id, image.openStream(), image.size()))
                .isInstanceOf(InvalidImageIdException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.glancestore.tck.ErrorsContract#edgeIds")
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
        GeneratedImage image = GeneratedImage.of(65, 4L * MIB);
        FailingInputStream source = FailingInputStream.after(image.openStream(), failAfter);
        long declared = sizeMode.equals("known") ? image.size() : ImageStore.UNKNOWN_SIZE;

        Throwable thrown = assertAddFailsStoringNothing(SourceReadException.class,
                id -> store().add(id, source, declared));

        assertThat(causes(thrown)).as("cause chain keeps the source's IOException").contains(source.thrown());
    }

    @Test
    @DisplayName("a source that throws an unchecked exception fails the add with a GlanceStoreException and stores nothing")
    void sourceUncheckedFailure() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(66, 3L * MIB);
        FailingInputStream source = FailingInputStream.after(image.openStream(), MIB + 5,
                () -> new UncheckedIOException(new IOException("connection reset")));

        assertAddFailsStoringNothing(GlanceStoreException.class, id -> store().add(id, source, image.size()));
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
}
