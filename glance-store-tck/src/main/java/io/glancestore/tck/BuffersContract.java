package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared transfer buffers ({@link TransferBuffers}): an add borrows at most 1 MiB of
 * them, and every buffer is back when a failed add or read returns, whatever failed.
 */
public abstract class BuffersContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected BuffersContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

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
