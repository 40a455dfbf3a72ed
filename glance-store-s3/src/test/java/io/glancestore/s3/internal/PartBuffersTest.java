package io.glancestore.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.s3.S3Store;
import io.glancestore.tck.FailingInputStream;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.InterruptingInputStream;
import io.glancestore.tck.RecordingVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The s3 store's part buffers on every path of an add, one at a time: each failure (a declared
 * size the data misses, a rejected image, a source that fails or interrupts its thread, a part
 * that S3 refuses for good) aborts the multipart upload and gives every buffer back, and a
 * successful add holds at most {@code (thread_pools + 1)} parts.
 */
class PartBuffersTest {

    private static final long MIB = 1 << 20;
    private static final long PART = 5 * MIB;

    @TempDir
    Path dir;

    private FolderS3 s3;
    private S3Store store;

    @BeforeEach
    void start() throws IOException {
        s3 = new FolderS3(dir);
        store = S3Store.builder().host(s3.endpoint()).accessKey("AKID").secretKey("SECRET").bucket("bkt")
                .bucketUrlFormat("path").largeObjectSizeMiB(6).largeObjectChunkSizeMiB(5).threadPools(2)
                .option("s3_store_request_retries", "2").retryBackoff(Duration.ofMillis(1)).build();
        PartBuffers.shared().resetPeak();
    }

    @AfterEach
    void stop() {
        store.close();
        s3.close();
    }

    @Test
    void aMultipartAddHoldsAtMostThreadPoolsPlusOnePartsAndGivesThemBack() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 23 * MIB + 7);
        AddResult added = store.add("big", image.openStream(), image.size());
        assertThat(added.checksum()).isEqualTo(image.md5Hex());
        assertEverythingBack();
        assertThat(PartBuffers.shared().peakLentBytes()).isPositive().isLessThanOrEqualTo(3 * PART);
        assertReadsBack(added, image);
        store.delete(added.location());
    }

    @Test
    void anImageOfUnknownSizeIsSentInPartsOrInOnePut() throws Exception {
        for (long size : new long[] {0, 300_000, PART, 12 * MIB + 3}) {
            GeneratedImage image = GeneratedImage.of(size, size);
            AddResult added = store.add("unknown-" + size, image.openStream(), ImageStore.UNKNOWN_SIZE);
            assertThat(added.size()).isEqualTo(size);
            assertEverythingBack();
            assertReadsBack(added, image);
            store.delete(added.location());
        }
    }

    @Test
    void aSmallImageCostsOnlyTheChunksItNeeds() throws Exception {
        GeneratedImage image = GeneratedImage.of(2, 300_000);
        AddResult added = store.add("small", image.openStream(), image.size());
        assertThat(PartBuffers.shared().peakLentBytes()).isEqualTo(2L * PartBuffers.CHUNK);
        assertEverythingBack();
        assertReadsBack(added, image);
        store.delete(added.location());
    }

    @Test
    void everyFailedAddAbortsItsUploadAndGivesEveryBufferBack() throws Exception {
        GeneratedImage image = GeneratedImage.of(3, 12 * MIB + 7);
        long size = image.size();
        assertThatThrownBy(() -> store.add("short", image.openStream(), size + 1))
                .isInstanceOf(SizeMismatchException.class);
        assertEverythingBack();
        assertThatThrownBy(() -> store.add("long", image.openStream(), size - 1))
                .isInstanceOf(SizeMismatchException.class);
        assertEverythingBack();
        assertThatThrownBy(() -> store.add("source", FailingInputStream.after(image.openStream(), 11 * MIB), size))
                .isInstanceOf(SourceReadException.class);
        assertEverythingBack();
        assertThatThrownBy(() -> store.add("rejected", image.openStream(), size, AddOptions.builder()
                .verifier(RecordingVerifier.rejectingWith(() -> new IllegalStateException("bad signature"))).build()))
                .isInstanceOf(VerificationFailedException.class);
        assertEverythingBack();
        assertThatThrownBy(() -> store.add("fail500-img", image.openStream(), size))
                .isInstanceOf(GlanceStoreException.class).hasMessageContaining("part 2");
        assertEverythingBack();
        assertThatThrownBy(() -> store.add("fail500-unknown", image.openStream(), ImageStore.UNKNOWN_SIZE))
                .isInstanceOf(GlanceStoreException.class);
        assertEverythingBack();
        try {
            assertThatThrownBy(() -> store.add("interrupted",
                    InterruptingInputStream.after(image.openStream(), 7 * MIB), size))
                    .isInstanceOf(GlanceStoreException.class);
        } finally {
            Thread.interrupted();
        }
        assertEverythingBack();
    }

    @Test
    void aGetThatFailsItsHashOrIsAbandonedGivesItsBuffersBack() throws Exception {
        GeneratedImage image = GeneratedImage.of(4, 12 * MIB + 7);
        AddResult added = store.add("img", image.openStream(), image.size());
        assertThatThrownBy(() -> {
            try (ImageData data = store.get(added.location(), 0, -1,
                    ReadOptions.builder().expectedMd5("0".repeat(32)).build())) {
                data.transferTo(OutputStream.nullOutputStream());
            }
        }).isInstanceOf(ChecksumMismatchException.class);
        try (ImageData data = store.get(added.location(), 0, -1,
                ReadOptions.builder().expectedMd5(image.md5Hex()).build())) {
            data.readNBytes(3_000_000);
        }
        assertThat(TransferBuffers.shared().leasedBytes()).isZero();
        store.delete(added.location());
        assertThat(s3.objects()).isEmpty();
    }

    private void assertReadsBack(AddResult added, GeneratedImage image) throws IOException {
        try (ImageData data = store.get(added.location(), 0, -1,
                ReadOptions.builder().expectedMd5(image.md5Hex()).build())) {
            assertThat(data.transferTo(OutputStream.nullOutputStream())).isEqualTo(image.size());
        }
    }

    /** Parts may still be let go by their upload threads for a moment after a failed add returns. */
    private void assertEverythingBack() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (PartBuffers.shared().lentBytes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(PartBuffers.shared().lentBytes()).as("s3 part buffers lent").isZero();
        assertThat(TransferBuffers.shared().leasedBytes()).as("transfer buffers lent").isZero();
        assertThat(s3.openUploads()).as("multipart uploads left open").isZero();
        assertThat(s3.objects()).as("objects left").allMatch(k -> !k.startsWith(".")).noneMatch(k ->
                k.equals("short") || k.equals("long") || k.equals("source") || k.equals("rejected")
                        || k.startsWith("fail500") || k.equals("interrupted"));
    }
}
