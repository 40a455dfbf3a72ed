package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * Checks that an action on an input (a parse, a read of a file) stays within time and memory
 * linear in the input's size: what the current thread allocates, and how long it runs. The
 * bounds are far above what a linear implementation needs on any machine, so they are met
 * without fail by linear code and missed at once by quadratic code on inputs of a few hundred
 * kilobytes; property-based tests feed them generated inputs of every size.
 *
 * <pre>{@code
 * ResourceBound.DEFAULT.check(text.length(), () -> parse(text));
 * }</pre>
 *
 * @param bytesPerUnit bytes the action may allocate per unit of input
 * @param fixedBytes bytes it may allocate whatever the input
 * @param nanosPerUnit nanoseconds it may take per unit of input
 * @param fixedNanos nanoseconds it may take whatever the input
 */
public record ResourceBound(long bytesPerUnit, long fixedBytes, long nanosPerUnit, long fixedNanos) {

    /** 400 bytes and 20 microseconds per unit, plus 16 MiB and 2 s. */
    public static final ResourceBound DEFAULT = new ResourceBound(400, 16 << 20, 20_000, 2_000_000_000L);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Runs an action and checks it stayed within the bound.
     *
     * @param inputSize the size of the input, in the unit of the bound (characters, bytes)
     * @param action the action; run on the calling thread
     */
    public void check(long inputSize, Runnable action) {
        long thread = Thread.currentThread().getId();
        long allocated = THREADS.getThreadAllocatedBytes(thread);
        long started = System.nanoTime();
        action.run();
        long nanos = System.nanoTime() - started;
        long bytes = THREADS.getThreadAllocatedBytes(thread) - allocated;
        assertThat(bytes).as("bytes allocated for an input of " + inputSize)
                .isLessThanOrEqualTo(fixedBytes + bytesPerUnit * inputSize);
        assertThat(nanos).as("nanoseconds for an input of " + inputSize)
                .isLessThanOrEqualTo(fixedNanos + nanosPerUnit * inputSize);
    }
}
