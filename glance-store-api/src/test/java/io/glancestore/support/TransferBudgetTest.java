package io.glancestore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BufferWaitTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransferBudgetTest {

    private static TransferBudget budget(int buffers, Duration wait) {
        return new TransferBudget("test buffer", "test.property", 1024, buffers, () -> wait);
    }

    @Test
    void severalFirstBuffersAreTakenAllAtOnceOrWaitedForTogether() throws Exception {
        TransferBudget budget = budget(8, Duration.ofSeconds(5));
        TransferBudget.Hold five = CompletableFuture.supplyAsync(() -> take(budget, 5)).get(5, TimeUnit.SECONDS);
        // Three are free: a transfer that needs four takes none of them while it waits.
        CompletableFuture<TransferBudget.Hold> four = CompletableFuture.supplyAsync(() -> take(budget, 4));
        Thread.sleep(100);
        assertThat(four).isNotDone();
        assertThat(budget.waiting()).isEqualTo(1);
        assertThat(budget.tryTakeMore(1)).as("a waiter goes first").isFalse();
        for (int i = 0; i < 5; i++) {
            budget.giveBack();
        }
        five.end();
        four.get(5, TimeUnit.SECONDS).end();
        assertThat(budget.tryTakeMore(4)).isTrue();
        assertThat(budget.tryTakeMore(1)).isFalse();
    }

    @Test
    void moreThanTheBudgetIsRefusedAndAWaitTimesOut() throws Exception {
        TransferBudget budget = budget(4, Duration.ofMillis(100));
        assertThatThrownBy(() -> budget.takeFirst("add", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.property");
        CompletableFuture.supplyAsync(() -> take(budget, 3)).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> take(budget, 2)).join())
                .hasCauseInstanceOf(BufferWaitTimeoutException.class);
        assertThat(budget.tryTakeMore(1)).as("the one left is still free").isTrue();
    }

    private static TransferBudget.Hold take(TransferBudget budget, int buffers) {
        try {
            return budget.takeFirst("add", buffers);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
