package io.glancestore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs operations numbered from 0 on a fixed number of threads, each thread taking the next
 * number until none is left, so the threads stay busy to the end however long each operation
 * takes.
 */
final class Workers {

    private Workers() {
    }

    /** One operation. */
    @FunctionalInterface
    interface Operation {
        /**
         * Runs the operation.
         *
         * @param index its number
         * @throws Exception if it fails
         */
        void run(int index) throws Exception;
    }

    /** Makes the operation one thread runs, with what that thread keeps for itself. */
    @FunctionalInterface
    interface PerThread {
        /**
         * Makes the thread's operation.
         *
         * @return the operation
         * @throws Exception if it cannot be made
         */
        Operation create() throws Exception;
    }

    /**
     * Runs the operations and waits for them all.
     *
     * @param threads threads at once
     * @param count operations in all
     * @param perThread makes each thread's operation, on that thread
     * @throws Exception the first failure an operation let through
     */
    static void run(int threads, int count, PerThread perThread) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    Operation op = perThread.create();
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        op.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
