package io.glancestore.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads that run the stages of every transfer (hashing, verifying, writing), so
 * they overlap on separate cores. Threads are created on demand and retire when idle, so an
 * idle SDK holds none.
 */
final class PipelineThreads {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new ThreadFactory() {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "glance-store-pipeline-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    private PipelineThreads() {
    }
}
