package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ImageVerifier;
import io.glancestore.ReadOptions;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BufferWaitTimeoutException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.exception.StoreDeleteNotSupportedException;
import io.glancestore.exception.StoreRandomGetNotSupportedException;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.support.BufferPool;
import io.glancestore.support.TransferBuffersProbe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the API layer does around every driver, observed through a recording driver. */
class DriverImageStoreTest {

    private final RecordingDriver driver = new RecordingDriver();
    private final ImageStore store = new DriverImageStore("rec", driver, "sha512");

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    @Test
    void addHashesEveryByteAcrossChunksAndCommitsOnce() throws Exception {
        byte[] data = bytes(3 * 4096 + 17, 1);
        AddResult r = store.add("img-1", new ByteArrayInputStream(data), data.length);
        assertThat(r.size()).isEqualTo(data.length);
        assertThat(r.checksum()).isEqualTo(hex("MD5", data));
        assertThat(r.multihash()).isEqualTo(hex("SHA-512", data));
        assertThat(r.hashAlgorithm()).isEqualTo("sha512");
        assertThat(r.location()).isEqualTo("memory://rec/img-1");
        assertThat(r.metadata()).containsEntry("driver", "recording").doesNotContainKey("store");
        assertThat(driver.stored.get("img-1")).isEqualTo(data);
        assertThat(driver.events).containsExactly("open img-1 " + data.length,
                "prepare img-1 " + data.length + " " + data.length, "commit img-1 " + data.length);
    }

    @Test
    void theDriverWritesOnTheCallersThreadAndMakesTheDataDurableBeforePublishing() throws Exception {
        byte[] data = bytes(5 * BufferPool.CHUNK_SIZE + 3, 9);
        driver.chunkSize = 1 << 20;
        List<Thread> listened = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.add("img-t", new ByteArrayInputStream(data), data.length, AddOptions.builder()
                .progressListener((done, total) -> listened.add(Thread.currentThread())).build());
        assertThat(driver.writers).containsExactly(Thread.currentThread());
        assertThat(listened).isNotEmpty().allMatch(t -> t == Thread.currentThread());
        assertThat(driver.events).containsSubsequence("open img-t " + data.length,
                "prepare img-t " + data.length + " " + data.length, "commit img-t " + data.length);
        assertThat(driver.stored.get("img-t")).isEqualTo(data);
    }

    @Test
    void anAddThatFindsTheBudgetSpentWaitsBoundedAndFailsTypedBeforeTheDriverIsAsked() throws Exception {
        TransferBuffersProbe.awaitAllBack();
        try (BudgetHolder held = new BudgetHolder(store, java.time.Duration.ofMillis(300))) {
            assertThatThrownBy(() -> store.add("starved", new ByteArrayInputStream(new byte[10]), 10))
                    .isInstanceOf(BufferWaitTimeoutException.class).hasMessageContaining("starved");
            assertThat(driver.events).noneMatch(e -> e.contains("starved"));
        }
        TransferBuffersProbe.awaitAllBack();
    }

    @Test
    void perCallAlgorithmIsReportedWithItsGlanceName() throws Exception {
        byte[] data = bytes(1000, 2);
        AddResult r = store.add("img", new ByteArrayInputStream(data), 0,
                AddOptions.builder().hashAlgorithm("SHA3-256").build());
        assertThat(r.hashAlgorithm()).isEqualTo("sha3_256");
        assertThat(r.multihash()).isEqualTo(hex("SHA3-256", data));
    }

    @Test
    void unknownAlgorithmFailsBeforeTheDriverIsAsked() {
        assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[10]), 10,
                AddOptions.builder().hashAlgorithm("blake2b").build()))
                .isInstanceOf(UnknownHashingAlgoException.class);
        assertThat(driver.events).isEmpty();
    }

    @Test
    void zeroAndMinusOneMeanUnknownSize() {
        store.add("a", new ByteArrayInputStream(new byte[5000]), 0);
        store.add("b", new ByteArrayInputStream(new byte[5000]), ImageStore.UNKNOWN_SIZE);
        assertThat(driver.events).contains("open a -1", "open b -1", "commit a 5000", "commit b 5000");
    }

    @Test
    void otherNegativeSizesAreInvalid() {
        assertThatThrownBy(() -> store.add("a", new ByteArrayInputStream(new byte[1]), -2))
                .isInstanceOf(InvalidException.class);
        assertThat(driver.events).isEmpty();
    }

    @Test
    void shortDataAbortsWithSizeMismatch() {
        assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[9000]), 9001))
                .isInstanceOf(SizeMismatchException.class).hasMessageContaining("9000");
        assertThat(driver.events).containsExactly("open img 9001", "abort img");
        assertThat(driver.stored).isEmpty();
    }

    @Test
    void longDataFailsWithSizeMismatchWithoutReadingItAllOrOpeningAWrite() {
        CountingStream source = new CountingStream(new byte[10 << 20]);
        assertThatThrownBy(() -> store.add("img", source, 4096))
                .isInstanceOf(SizeMismatchException.class);
        // The first chunk is read before the backend is asked anything: nothing to undo there.
        assertThat(driver.events).isEmpty();
        assertThat(source.read).isLessThan(1 << 20);
    }

    @Test
    void failingSourceAbortsWithSourceReadException() {
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10_000) {
                    throw new IOException("connection reset by peer");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> store.add("img", failing, 0))
                .isInstanceOf(SourceReadException.class)
                .hasRootCauseMessage("connection reset by peer");
        assertThat(driver.events).containsExactly("open img -1", "abort img");
    }

    @Test
    @Timeout(20)
    void driverWriteFailureAbortsAndDoesNotHangOnABigSource() {
        driver.failWriteAfter = 3 * 4096;
        CountingStream source = new CountingStream(new byte[64 << 20]);
        assertThatThrownBy(() -> store.add("img", source, 0))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("injected write failure");
        assertThat(driver.events).containsExactly("open img -1", "abort img");
        assertThat(source.read).isLessThan(1 << 20);
    }

    @Test
    void commitFailureAborts() {
        driver.failCommit = true;
        assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[100]), 100))
                .isInstanceOf(BackendException.class).hasMessageContaining("injected commit failure");
        assertThat(driver.events).containsExactly("open img 100", "prepare img 100 100", "commit img 100",
                "abort img");
    }

    @Test
    void verifierSeesEveryByteInOrderAndCanRejectTheImage() {
        byte[] data = bytes(5 * 4096 + 3, 3);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ImageVerifier rejecting = new ImageVerifier() {
            @Override
            public void update(byte[] b, int off, int len) {
                seen.write(b, off, len);
            }

            @Override
            public void verify() {
                throw new IllegalStateException("bad signature");
            }
        };
        assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(data), data.length,
                AddOptions.builder().verifier(rejecting).build()))
                .isInstanceOf(VerificationFailedException.class)
                .hasRootCauseMessage("bad signature");
        assertThat(seen.toByteArray()).isEqualTo(data);
        assertThat(driver.events).containsExactly("open img " + data.length, "abort img");
    }

    @Test
    void progressReachesTheTotal() {
        List<Long> progress = new ArrayList<>();
        store.add("img", new ByteArrayInputStream(new byte[10_000]), 10_000,
                AddOptions.builder().progressListener((done, total) -> {
                    assertThat(total).isEqualTo(10_000);
                    progress.add(done);
                }).build());
        assertThat(progress).isSorted().last().isEqualTo(10_000L);
    }

    @Test
    void invalidIdsNeverReachTheDriver() {
        for (String id : new String[] {"", "..", "../x", "a/b", ".hidden", "x\u0000", "a b", "x".repeat(201)}) {
            assertThatThrownBy(() -> store.add(id, new ByteArrayInputStream(new byte[1]), 1))
                    .as(id).isInstanceOf(InvalidImageIdException.class);
        }
        assertThat(driver.events).isEmpty();
    }

    @Test
    void capabilitiesAreEnforcedBeforeIo() {
        driver.capabilities = EnumSet.of(Capability.READ_ACCESS);
        assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[1]), 1))
                .isInstanceOf(StoreAddDisabledException.class);
        assertThatThrownBy(() -> store.get("memory://rec/img", 1, -1))
                .isInstanceOf(StoreRandomGetNotSupportedException.class);
        assertThatThrownBy(() -> store.get("memory://rec/img", 0, 5))
                .isInstanceOf(StoreRandomGetNotSupportedException.class);
        assertThatThrownBy(() -> store.delete("memory://rec/img"))
                .isInstanceOf(StoreDeleteNotSupportedException.class);
        assertThat(driver.events).isEmpty();
    }

    @Test
    void rangesAreCheckedAndCutAtTheEnd() throws Exception {
        byte[] data = bytes(1000, 4);
        String loc = store.add("img", new ByteArrayInputStream(data), 1000).location();
        try (ImageData d = store.get(loc, 990, 50)) {
            assertThat(d.length()).isEqualTo(10);
            assertThat(d.imageSize()).isEqualTo(1000);
            assertThat(d.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
        }
        try (ImageData d = store.get(loc, 1000, -1)) {
            assertThat(d.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> store.get(loc, 1001, -1)).isInstanceOf(InvalidRangeException.class);
        assertThatThrownBy(() -> store.get(loc, -1, -1)).isInstanceOf(InvalidRangeException.class);
        assertThatThrownBy(() -> store.get(loc, 0, -2)).isInstanceOf(InvalidRangeException.class);
    }

    @Test
    void aBackendThatEndsEarlyIsAnErrorNotAShortImage() {
        String loc = store.add("img", new ByteArrayInputStream(new byte[1000]), 1000).location();
        driver.truncateReadsTo = 600;
        assertThatThrownBy(() -> {
            try (ImageData d = store.get(loc)) {
                d.readAllBytes();
            }
        }).isInstanceOf(BackendException.class).hasMessageContaining("600 of 1000");
        assertThatThrownBy(() -> {
            try (ImageData d = store.get(loc)) {
                d.transferTo(new ByteArrayOutputStream());
            }
        }).isInstanceOf(BackendException.class);
    }

    @Test
    void wholeReadsVerifyExpectedHashes() throws Exception {
        byte[] data = bytes(20_000, 5);
        AddResult r = store.add("img", new ByteArrayInputStream(data), data.length);
        try (ImageData d = store.get(r.location(), 0, -1, ReadOptions.builder()
                .expectedMd5(r.checksum()).expectedMultihash("sha512", r.multihash()).build())) {
            assertThat(d.readAllBytes()).isEqualTo(data);
        }
        assertThatThrownBy(() -> {
            try (ImageData d = store.get(r.location(), 0, -1,
                    ReadOptions.builder().expectedMd5("00000000000000000000000000000000").build())) {
                d.readAllBytes();
            }
        }).isInstanceOf(ChecksumMismatchException.class);
        assertThatThrownBy(() -> store.get(r.location(), 5, -1,
                ReadOptions.builder().expectedMd5(r.checksum()).build()))
                .isInstanceOf(InvalidException.class);
    }

    @Test
    void toStringOfResultsMasksCredentials() {
        AddResult r = new AddResult("swift+https://user:secret@auth.example.com/v3/glance/img", 1,
                "c", "m", "sha512", java.util.Map.of());
        assertThat(r.toString()).doesNotContain("secret");
    }

    /** A source that counts how much of it was read. */
    private static final class CountingStream extends ByteArrayInputStream {
        long read;

        CountingStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
