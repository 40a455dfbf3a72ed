package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.ImageStore;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.support.BufferPool;
import io.glancestore.support.TransferBuffersProbe;
import java.io.ByteArrayInputStream;
import java.security.MessageDigestSpi;
import java.security.Provider;
import java.security.Security;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A digest that fails: the image is published while the digests finish, so a failure that comes
 * after the publication removes the image again, and one that comes earlier (which stops the
 * reading short) keeps the short data from ever being published.
 */
class DigestFailureAddTest {

    private static final String ALGORITHM = "TEST-FAILING-DIGEST";
    private static final Provider PROVIDER = new Provider("GlanceStoreTestDigests", "1", "a failing digest") {
        private static final long serialVersionUID = 1L;

        {
            put("MessageDigest." + ALGORITHM, FailingDigest.class.getName());
        }
    };
    /** Held closed, the failing digest waits for it before failing; {@code null}: fails at once. */
    private static volatile CountDownLatch gate;

    private final RecordingDriver driver = new RecordingDriver();
    private final ImageStore store = new DriverImageStore("rec", driver, "sha512");
    private final AddOptions failing = AddOptions.builder().hashAlgorithm(ALGORITHM).build();

    @BeforeAll
    static void registerTheFailingDigest() {
        Security.addProvider(PROVIDER);
    }

    @AfterAll
    static void unregisterTheFailingDigest() {
        Security.removeProvider(PROVIDER.getName());
    }

    @AfterEach
    void buffersAreAllBack() throws Exception {
        gate = null;
        TransferBuffersProbe.awaitAllBack();
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void aDigestFailingAfterThePublicationRemovesTheImage() throws Exception {
        // One chunk: the gated digest holds it, and the add still reaches its commit.
        driver.chunkSize = BufferPool.CHUNK_SIZE;
        gate = new CountDownLatch(1);
        byte[] data = data(64 * 1024);
        CompletableFuture<?> add = CompletableFuture.runAsync(
                () -> store.add("late", new ByteArrayInputStream(data), data.length, failing));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!driver.events.contains("commit late " + data.length) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(driver.events).as("published before the digest failed").contains("commit late " + data.length);
        gate.countDown();
        assertThatThrownBy(() -> add.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(GlanceStoreException.class).hasRootCauseMessage("injected digest failure");
        assertThat(driver.events).containsExactly("open late " + data.length,
                "prepare late " + data.length + " " + data.length, "commit late " + data.length,
                "delete memory://rec/late");
        assertThat(driver.stored).isEmpty();
    }

    @Test
    void aDigestFailingWhileTheDataStreamsNeverPublishesIt() {
        // Many small chunks: the reading stops at the failure, short of the image's end.
        byte[] data = data(1 << 20);
        assertThatThrownBy(() -> store.add("early", new ByteArrayInputStream(data), data.length, failing))
                .isInstanceOf(GlanceStoreException.class).hasRootCauseMessage("injected digest failure");
        assertThat(driver.events).containsExactly("open early " + data.length, "abort early");
        assertThat(driver.stored).isEmpty();
    }

    /** A digest whose every update fails, once the gate (if any) opens. */
    public static final class FailingDigest extends MessageDigestSpi {

        @Override
        protected void engineUpdate(byte input) {
            fail();
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            fail();
        }

        @Override
        protected byte[] engineDigest() {
            return new byte[64];
        }

        @Override
        protected void engineReset() {
        }

        private static void fail() {
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                try {
                    waitFor.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException("injected digest failure");
        }
    }
}
