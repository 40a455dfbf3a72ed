package io.glancestore.tck;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.VerificationFailedException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bookkeeping of a stress harness that runs many transfers at once through one store, usually
 * in a JVM of its own with a small heap, and checks that the failing ones fail with their typed
 * error: how many times each named outcome happened, and every unexpected throwable (an
 * {@link OutOfMemoryError} included). Nothing is thrown at the harness's threads, so that one
 * broken transfer does not hide what the others did; the harness prints the counts and decides
 * its exit status from {@link #printUnexpected(PrintStream)} and its own checks (buffers back in
 * their pools, for instance).
 *
 * <pre>{@code
 * TransferOutcomes outcomes = new TransferOutcomes();
 * outcomes.onThreads(threads, seed -> {
 *     store.add(id, image.openStream(), size);
 *     outcomes.count("add");
 *     outcomes.expect("short source", SizeMismatchException.class,
 *             () -> store.add(otherId, image.openStream(), size + 1));
 * });
 * outcomes.printCounts(System.out);
 * int exit = outcomes.printUnexpected(System.out) ? 1 : 0;
 * }</pre>
 *
 * <p>Safe for use by many threads.
 */
public final class TransferOutcomes {

    /** How many unexpected throwables get their stack trace printed; the rest are only counted. */
    private static final int PRINTED_TRACES = 5;

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> unexpected = new ArrayList<>();

    /** Creates empty bookkeeping. */
    public TransferOutcomes() {
    }

    /** A step expected to fail. */
    @FunctionalInterface
    public interface Step {

        /**
         * Runs the step.
         *
         * @throws Exception what the step throws
         */
        void run() throws Exception;
    }

    /** The work of one of the harness's threads. */
    @FunctionalInterface
    public interface Rounds {

        /**
         * Runs the thread's rounds.
         *
         * @param thread the thread's index, from 0, to seed its images with
         * @throws Exception anything unexpected, recorded as such
         */
        void run(int thread) throws Exception;
    }

    /**
     * Runs {@code rounds} on {@code threads} new threads ({@code transfer-0}, {@code transfer-1}...)
     * that start together, and waits for them all; what a thread throws is recorded as unexpected
     * and ends that thread only.
     *
     * @param threads how many threads
     * @param rounds what each thread does
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public void onThreads(int threads, Rounds rounds) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    rounds.run(index);
                } catch (Throwable e) {
                    unexpected(e);
                }
            }, "transfer-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /**
     * Runs a step that must fail with {@code type}: counts {@code what} if it did, records the
     * step's success or any other throwable as unexpected.
     *
     * @param what the outcome's name in the counts
     * @param type the typed error the step must throw
     * @param step the step
     */
    public void expect(String what, Class<? extends Throwable> type, Step step) {
        try {
            step.run();
            unexpected(new AssertionError(what + " did not fail"));
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                count(what);
            } else {
                unexpected(t);
            }
        }
    }

    /**
     * Runs the failing transfers every store must end with the same typed error, each under new
     * image ids, and counts each that did: a source shorter ({@code short source}) and longer
     * ({@code long source}) than its declared size, a source that fails half-way
     * ({@code source failure}), a verifier that rejects the image ({@code rejected}), a read whose
     * expected md5 is wrong ({@code hash mismatch}), and an add whose thread is interrupted half-way
     * ({@code interrupted}: it must store nothing and fail, or complete intact).
     *
     * @param store the store under test
     * @param image an image of the round
     * @param added where the store holds {@code image}
     */
    public void expectTypedFailures(ImageStore store, GeneratedImage image, AddResult added) {
        long size = image.size();
        expect("short source", SizeMismatchException.class, () -> store.add(newId(), image.openStream(), size + 1));
        expect("long source", SizeMismatchException.class, () -> store.add(newId(), image.openStream(), size - 1));
        expect("source failure", SourceReadException.class,
                () -> store.add(newId(), FailingInputStream.after(image.openStream(), size / 2), size));
        expect("rejected", VerificationFailedException.class, () -> store.add(newId(), image.openStream(), size,
                AddOptions.builder().verifier(RecordingVerifier.rejectingWith(
                        () -> new IllegalStateException("bad signature"))).build()));
        expect("hash mismatch", ChecksumMismatchException.class, () -> {
            try (ImageData data = store.get(added.location(), 0, -1,
                    ReadOptions.builder().expectedMd5("0".repeat(32)).build())) {
                data.transferTo(OutputStream.nullOutputStream());
            }
        });
        expect("interrupted", GlanceStoreException.class, () -> {
            try {
                AddResult done = store.add(newId(), InterruptingInputStream.after(image.openStream(), size / 2), size);
                store.delete(done.location());
                throw new GlanceStoreException("completed despite the interrupt");
            } finally {
                Thread.interrupted();
            }
        });
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Counts one more {@code what}.
     *
     * @param what the outcome's name
     */
    public void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Records an unexpected throwable; the first few are printed to {@code System.out} with their
     * stack traces, where the harness's parent reads them.
     *
     * @param t the throwable
     */
    public void unexpected(Throwable t) {
        synchronized (unexpected) {
            unexpected.add(t.toString());
            if (unexpected.size() <= PRINTED_TRACES) {
                t.printStackTrace(System.out);
            }
        }
    }

    /**
     * The counts so far.
     *
     * @return a copy, sorted by outcome name
     */
    public SortedMap<String, Integer> counts() {
        SortedMap<String, Integer> copy = new TreeMap<>();
        counts.forEach((what, n) -> copy.put(what, n.get()));
        return copy;
    }

    /**
     * Prints {@code outcomes {name=count, ...}}, sorted by name.
     *
     * @param out where to print
     */
    public void printCounts(PrintStream out) {
        out.println("outcomes " + counts());
    }

    /**
     * Prints {@code UNEXPECTED <n>: <first>} if anything unexpected was recorded.
     *
     * @param out where to print
     * @return whether anything unexpected was recorded
     */
    public boolean printUnexpected(PrintStream out) {
        synchronized (unexpected) {
            if (unexpected.isEmpty()) {
                return false;
            }
            out.println("UNEXPECTED " + unexpected.size() + ": " + unexpected.get(0));
            return true;
        }
    }
}
