package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.ImageVerifier;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.support.BufferPool;
import io.glancestore.support.TransferBuffersProbe;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adds of images that end within their first transfer chunk (64 KiB images, the common small
 * upload), whose digests run as one task with a single hand-off: right digests, and every failure
 * aborts the write and gives the transfer buffers back.
 */
class SmallImageAddTest {

    private static final int SIZE = 64 * 1024;

    private final RecordingDriver driver = new RecordingDriver();
    private final ImageStore store = new DriverImageStore("rec", driver, "sha512");
    private final byte[] data = new byte[SIZE];

    @BeforeEach
    void setUp() throws Exception {
        driver.chunkSize = BufferPool.CHUNK_SIZE;
        new Random(64).nextBytes(data);
        TransferBuffersProbe.awaitAllBack();
    }

    @AfterEach
    void buffersAreAllBack() throws Exception {
        TransferBuffersProbe.awaitAllBack();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void aSmallImageIsHashedRightWrittenOnTheCallersThreadAndPublishedOnce() throws Exception {
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> verifierThread = new AtomicReference<>();
        AddResult r = store.add("small", new ByteArrayInputStream(data), SIZE, AddOptions.builder()
                .verifier(new ImageVerifier() {
                    @Override
                    public void update(byte[] b, int off, int len) {
                        verifierThread.set(Thread.currentThread());
                    }

                    @Override
                    public void verify() {
                    }
                }).build());
        assertThat(r.checksum()).isEqualTo(hex("MD5", data));
        assertThat(r.multihash()).isEqualTo(hex("SHA-512", data));
        assertThat(r.size()).isEqualTo(SIZE);
        assertThat(verifierThread.get()).isSameAs(caller);
        assertThat(driver.writers).containsExactly(caller);
        assertThat(driver.events).containsExactly("open small " + SIZE, "prepare small " + SIZE + " " + SIZE,
                "commit small " + SIZE);
        assertThat(driver.stored.get("small")).isEqualTo(data);
    }

    @Test
    void theFirstChunkIsReadAndHandedToTheDigestsBeforeTheWriteOpens() throws Exception {
        InputStream source = new FilterInputStream(new ByteArrayInputStream(data)) {
            private boolean first = true;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (first) {
                    first = false;
                    driver.events.add("first read");
                }
                return super.read(b, off, len);
            }
        };
        AddResult r = store.add("early", source, SIZE);
        assertThat(driver.events).containsExactly("first read", "open early " + SIZE,
                "prepare early " + SIZE + " " + SIZE, "commit early " + SIZE);
        assertThat(r.checksum()).isEqualTo(hex("MD5", data));
        assertThat(driver.stored.get("early")).isEqualTo(data);
    }

    @Test
    void anUnknownSizeAndAFullFirstChunkAreHashedRight() throws Exception {
        byte[] limit = Arrays.copyOf(data, BufferPool.CHUNK_SIZE);
        AddResult unknown = store.add("unknown", new ByteArrayInputStream(data), ImageStore.UNKNOWN_SIZE);
        AddResult atLimit = store.add("limit", new ByteArrayInputStream(limit), limit.length);
        assertThat(unknown.multihash()).isEqualTo(hex("SHA-512", data));
        assertThat(atLimit.checksum()).isEqualTo(hex("MD5", limit));
        assertThat(atLimit.multihash()).isEqualTo(hex("SHA-512", limit));
    }

    @Test
    void shortDataAbortsWithSizeMismatch() {
        assertThatThrownBy(() -> store.add("short", new ByteArrayInputStream(data), SIZE + 1))
                .isInstanceOf(SizeMismatchException.class).hasMessageContaining(String.valueOf(SIZE));
        assertThat(driver.events).containsExactly("open short " + (SIZE + 1), "abort short");
        assertThat(driver.stored).isEmpty();
    }

    @Test
    void dataPastTheDeclaredSizeFailsWithSizeMismatchBeforeAWriteOpens() {
        byte[] longer = Arrays.copyOf(data, SIZE + 1);
        assertThatThrownBy(() -> store.add("long", new ByteArrayInputStream(longer), SIZE))
                .isInstanceOf(SizeMismatchException.class).hasMessageContaining("past the declared size");
        assertThat(driver.events).isEmpty();
        assertThat(driver.stored).isEmpty();
    }

    @Test
    void aSourceFailingInTheFirstChunkFailsWithSourceReadExceptionBeforeAWriteOpens() {
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(data)) {
            private int delivered;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (delivered >= SIZE / 2) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, Math.min(len, SIZE / 2 - delivered));
                delivered += n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.add("failing", failing, SIZE))
                .isInstanceOf(SourceReadException.class).hasRootCauseMessage("connection reset by peer");
        assertThat(driver.events).isEmpty();
    }

    @Test
    void aWrongHashRejectedByTheVerifierAbortsTheAdd() throws Exception {
        String wrongMd5 = hex("MD5", new byte[1]);
        ImageVerifier expectingMd5 = new ImageVerifier() {
            private final MessageDigest md5 = MessageDigest.getInstance("MD5");

            @Override
            public void update(byte[] b, int off, int len) {
                md5.update(b, off, len);
            }

            @Override
            public void verify() {
                if (!HexFormat.of().formatHex(md5.digest()).equals(wrongMd5)) {
                    throw new VerificationFailedException("md5 does not match the expected " + wrongMd5);
                }
            }
        };
        assertThatThrownBy(() -> store.add("mismatch", new ByteArrayInputStream(data), SIZE,
                AddOptions.builder().verifier(expectingMd5).build()))
                .isInstanceOf(VerificationFailedException.class).hasMessageContaining(wrongMd5);
        assertThat(driver.events).containsExactly("open mismatch " + SIZE, "abort mismatch");
        assertThat(driver.stored).isEmpty();
    }

    @Test
    void aDriverWriteFailureAborts() {
        driver.failWriteAfter = SIZE / 2;
        assertThatThrownBy(() -> store.add("unwritten", new ByteArrayInputStream(data), SIZE))
                .isInstanceOf(BackendException.class).hasMessageContaining("injected write failure");
        assertThat(driver.events).containsExactly("open unwritten " + SIZE, "abort unwritten");
    }

    @Test
    void anInterruptDuringTheAddIsKeptAndTheImageIsStillWholeAndDurable() throws Exception {
        InputStream interrupting = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                Thread.currentThread().interrupt();
                return super.read(b, off, len);
            }
        };
        try {
            AddResult r = store.add("interrupted", interrupting, SIZE);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(r.multihash()).isEqualTo(hex("SHA-512", data));
            assertThat(driver.events).contains("prepare interrupted " + SIZE + " " + SIZE);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anAddInterruptedWhileWaitingForItsBufferFailsTypedBeforeTheDriverIsAsked() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                store.add("waiting", new ByteArrayInputStream(data), SIZE);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try (BudgetHolder held = new BudgetHolder(store, Duration.ofSeconds(30))) {
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            waiter.interrupt();
            waiter.join(10_000);
            assertThat(failure.get()).isInstanceOf(BackendException.class).hasMessageContaining("interrupted");
            assertThat(driver.events).noneMatch(e -> e.contains("waiting"));
        }
    }
}
