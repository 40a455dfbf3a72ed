package io.glancestore.ceph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.TransferBuffers;
import io.glancestore.exception.BufferWaitTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The native buffers of rbd transfers: bounded per transfer and in all, and no deadlock of a copy. */
class NativeBuffersTest {

    private Duration maxWait;

    @BeforeEach
    void shortWait() {
        maxWait = TransferBuffers.shared().maxWait();
        TransferBuffers.shared().setMaxWait(Duration.ofMillis(300));
    }

    @AfterEach
    void restoreWait() {
        TransferBuffers.shared().setMaxWait(maxWait);
    }

    @Test
    void aTransferHoldsAtMostFourAndGivesThemAllBack() throws Exception {
        NativeBuffers buffers = new NativeBuffers(16);
        NativeBuffers.Lease lease = buffers.lease("write of image a");
        List<AioSlot> slots = new ArrayList<>();
        for (AioSlot slot; (slot = lease.take()) != null; ) {
            slots.add(slot);
        }
        assertThat(slots).hasSize(NativeBuffers.MAX_PER_TRANSFER).doesNotHaveDuplicates();
        assertThat(buffers.lentBytes()).isEqualTo(4L * NativeBuffers.SLOT_SIZE);
        slots.forEach(lease::giveBack);
        assertThat(lease.held()).isZero();
        assertThat(buffers.lentBytes()).isZero();
    }

    @Test
    void aTransferThatFindsTheBudgetSpentWaitsBoundedAndFailsTyped() throws Exception {
        NativeBuffers buffers = new NativeBuffers(1);
        NativeBuffers.Lease holder = buffers.lease("read of image a");
        AioSlot held = holder.take();
        CompletableFuture<AioSlot> other = CompletableFuture.supplyAsync(() -> take(buffers.lease("write of image b")));
        assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(BufferWaitTimeoutException.class).hasMessageContaining("write of image b")
                .hasMessageContaining(NativeBuffers.PROPERTY);
        holder.giveBack(held);
        assertThat(buffers.lentBytes()).isZero();
    }

    @Test
    void aCopyFromOneRbdImageToAnotherNeverWaitsOnItself() throws Exception {
        // Every slot is held by the copy's read: its write, on the same thread, must not wait for them.
        NativeBuffers buffers = new NativeBuffers(NativeBuffers.MAX_PER_TRANSFER);
        NativeBuffers.Lease read = buffers.lease("read of image a");
        List<AioSlot> reading = new ArrayList<>();
        for (AioSlot slot; (slot = read.take()) != null; ) {
            reading.add(slot);
        }
        NativeBuffers.Lease write = buffers.lease("write of image b");
        AioSlot writing = write.take();
        assertThat(writing).isNotNull();
        assertThat(write.take()).as("no more than the first over the budget").isNull();
        write.giveBack(writing);
        reading.forEach(read::giveBack);
        assertThat(buffers.lentBytes()).isZero();
        // The overdraft is paid back: the budget is full again, and a transfer of another thread waits.
        NativeBuffers.Lease first = buffers.lease("first");
        List<AioSlot> all = new ArrayList<>();
        for (AioSlot slot; (slot = first.take()) != null; ) {
            all.add(slot);
        }
        CompletableFuture<AioSlot> other = CompletableFuture.supplyAsync(() -> take(buffers.lease("other")));
        assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(BufferWaitTimeoutException.class);
        all.forEach(first::giveBack);
    }

    private static AioSlot take(NativeBuffers.Lease lease) {
        try {
            return lease.take();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
