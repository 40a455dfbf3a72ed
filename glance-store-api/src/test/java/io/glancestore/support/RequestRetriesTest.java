package io.glancestore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.RemoteServiceUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestRetriesTest {

    private static RequestRetries retries(int count, long backoffMillis, int doublings, long maxMillis) {
        return new RequestRetries(count, Duration.ofMillis(backoffMillis), doublings, Duration.ofMillis(maxMillis),
                LoggerFactory.getLogger(RequestRetriesTest.class));
    }

    @Test
    void theWaitDoublesUpToItsCapsWithAtMostOneBackoffOfJitter() {
        RequestRetries retries = retries(10, 100, 3, 500);
        for (int i = 0; i < 50; i++) {
            assertThat(retries.delayMillis(1)).isBetween(100L, 200L);
            assertThat(retries.delayMillis(2)).isBetween(200L, 300L);
            assertThat(retries.delayMillis(3)).isBetween(400L, 500L);
            // capped by the delay: 800 ms is more than 500
            assertThat(retries.delayMillis(4)).isBetween(500L, 600L);
        }
        RequestRetries fewDoublings = retries(10, 10, 2, 10_000);
        assertThat(fewDoublings.delayMillis(9)).isBetween(40L, 50L);
    }

    @Test
    void failuresAreRetriedThenReportedAsUnavailableNamingTheRequestAndTheAttempts() throws Exception {
        RequestRetries.Attempts attempts = retries(2, 0, 0, 0).start("GET bucket/key");
        attempts.failed(new ConnectException("refused"));
        attempts.failed(new ConnectException("refused"));
        assertThat(attempts.retried()).isEqualTo(2);
        assertThatThrownBy(() -> attempts.failed(new ConnectException("refused")))
                .isInstanceOf(RemoteServiceUnavailableException.class)
                .hasMessage("GET bucket/key failed after 3 attempts: ConnectException: refused")
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void anInterruptionIsRethrownUncountedWhileATimeoutIsRetried() throws Exception {
        RequestRetries.Attempts attempts = retries(2, 0, 0, 0).start("GET bucket/key");
        InterruptedIOException interrupted = new InterruptedIOException("interrupted");
        assertThatThrownBy(() -> attempts.failedUnlessInterrupted(interrupted)).isSameAs(interrupted);
        assertThat(attempts.retried()).isZero();
        attempts.failedUnlessInterrupted(new SocketTimeoutException("read timed out"));
        assertThat(attempts.retried()).isEqualTo(1);
    }

    @Test
    void answersAndFailuresShareOneCount() throws Exception {
        RequestRetries.Attempts attempts = retries(2, 0, 0, 0).start("HEAD c/o");
        assertThat(attempts.remain()).isTrue();
        attempts.retryAnswer(503);
        attempts.failed(new IOException("reset"));
        assertThat(attempts.remain()).isFalse();
        assertThatThrownBy(() -> attempts.failed(new IOException())).isInstanceOf(RemoteServiceUnavailableException.class)
                .hasMessage("HEAD c/o failed after 3 attempts: IOException");
    }

    @Test
    void noRetriesMeansTheFirstFailureIsFinal() {
        RequestRetries.Attempts attempts = retries(0, 100, 0, 100).start("PUT x");
        assertThat(attempts.remain()).isFalse();
        assertThatThrownBy(() -> attempts.failed(new IOException("x"))).isInstanceOf(RemoteServiceUnavailableException.class)
                .hasMessageContaining("after 1 attempts");
    }

    @Test
    void aWaitCutShortByAnInterruptFailsAndKeepsTheInterrupt() {
        RequestRetries.Attempts attempts = retries(1, 60_000, 0, 60_000).start("GET slow");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> attempts.retryAnswer(500)).isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("GET slow");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTimeoutIsNotAnInterruption() {
        assertThat(RequestRetries.isInterruption(new SocketTimeoutException())).isFalse();
        assertThat(RequestRetries.isInterruption(new InterruptedIOException())).isTrue();
        assertThat(RequestRetries.isInterruption(new IOException())).isFalse();
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThatThrownBy(() -> retries(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retries(1, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
