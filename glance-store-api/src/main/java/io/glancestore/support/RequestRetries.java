package io.glancestore.support;

import io.glancestore.exception.RemoteServiceUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * How a remote driver retries one request: at most {@code retries} more attempts, each after an
 * exponential backoff with jitter, capped. The request loop itself stays with the driver (what
 * is retriable, token renewal, cancellation differ per backend); it asks {@link Attempts} whether
 * another attempt remains and lets it wait. A request that never got an answer fails, once the
 * attempts are spent, with {@link RemoteServiceUnavailableException}.
 */
public final class RequestRetries {

    private final int retries;
    private final long backoffMillis;
    private final int maxDoublings;
    private final long maxDelayMillis;
    private final Logger log;

    /**
     * The retries of a driver's requests.
     *
     * @param retries how many attempts may follow the first, at least 0
     * @param backoff the wait before the first retry, doubled before each next one; also the
     *     range of the random jitter added to every wait
     * @param maxDoublings how many times the wait may double
     * @param maxDelay the longest wait, jitter aside
     * @param log where each retry is logged at debug level (the driver's own logger)
     */
    public RequestRetries(int retries, Duration backoff, int maxDoublings, Duration maxDelay, Logger log) {
        if (retries < 0 || maxDoublings < 0 || backoff.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retries, doublings and delays must not be negative");
        }
        this.retries = retries;
        this.backoffMillis = backoff.toMillis();
        this.maxDoublings = maxDoublings;
        this.maxDelayMillis = maxDelay.toMillis();
        this.log = log;
    }

    /**
     * How many attempts may follow the first.
     *
     * @return the retries
     */
    public int retries() {
        return retries;
    }

    /**
     * The wait before a retry, jitter included.
     *
     * @param retry 1 for the first retry
     * @return milliseconds
     */
    public long delayMillis(int retry) {
        long base = backoffMillis << Math.min(retry - 1, maxDoublings);
        return Math.min(base, maxDelayMillis) + ThreadLocalRandom.current().nextLong(backoffMillis + 1);
    }

    /**
     * Starts counting the attempts of one request.
     *
     * @param what names the request in logs and errors, e.g. {@code GET glance/<id>}; no secret
     * @return the attempts
     */
    public Attempts start(String what) {
        return new Attempts(what);
    }

    /**
     * Whether a failure means the thread was interrupted (and must not be retried), as opposed to
     * a timeout or a broken connection.
     *
     * @param e the failure
     * @return {@code true} for an interruption
     */
    public static boolean isInterruption(IOException e) {
        return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
    }

    /** The attempts of one request, on the thread that makes them. */
    public final class Attempts {
        private final String what;
        private int retried;

        private Attempts(String what) {
            this.what = what;
        }

        /**
         * How many retries were made.
         *
         * @return the retries so far
         */
        public int retried() {
            return retried;
        }

        /**
         * Whether another attempt may follow a retriable answer.
         *
         * @return {@code true} if retries remain
         */
        public boolean remain() {
            return retried < retries;
        }

        /**
         * An answer asks for a retry and one {@linkplain #remain() remains}: logs it and waits.
         *
         * @param answer the answer as logged, e.g. {@code 503} or {@code 503 SlowDown}
         * @throws InterruptedIOException if interrupted while waiting
         */
        public void retryAnswer(Object answer) throws InterruptedIOException {
            retried++;
            log.debug("{} answered HTTP {}, retrying", what, answer);
            pause();
        }

        /**
         * An attempt got no answer: waits and returns if another attempt remains.
         *
         * @param e the failure
         * @throws RemoteServiceUnavailableException when no attempt remains, with {@code e} as its
         *     cause
         * @throws InterruptedIOException if interrupted while waiting
         */
        public void failed(IOException e) throws InterruptedIOException {
            if (retried++ < retries) {
                log.debug("{} failed ({}), retrying", what, e.toString());
                pause();
                return;
            }
            throw new RemoteServiceUnavailableException(what + " failed after " + retried + " attempts: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }

        /**
         * An attempt got no answer: rethrows an {@linkplain RequestRetries#isInterruption
         * interruption} as it is, else as {@link #failed}: waits and returns if another attempt
         * remains.
         *
         * @param e the failure
         * @throws IOException {@code e} itself when it is an interruption
         * @throws RemoteServiceUnavailableException when no attempt remains, with {@code e} as its
         *     cause
         */
        public void failedUnlessInterrupted(IOException e) throws IOException {
            if (isInterruption(e)) {
                throw e;
            }
            failed(e);
        }

        private void pause() throws InterruptedIOException {
            try {
                Thread.sleep(delayMillis(retried));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while retrying " + what);
            }
        }
    }
}
