package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

/** Waits for the shared transfer buffers to be all back, as they are between tests. */
final class TransferBuffersProbe {

    private TransferBuffersProbe() {
    }

    static void awaitAllBack() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (BufferPool.shared().leasedBytes() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(BufferPool.shared().leasedBytes()).as("transfer buffers lent").isZero();
    }
}
