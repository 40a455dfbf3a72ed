package io.glancestore.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads that hash the data of every transfer, one per core, so md5 and the
 * multihash of an image run on separate cores while its caller reads and writes. Only work that
 * never blocks runs here (digests over bytes in memory); the I/O of a transfer stays on its
 * caller's thread. So a fixed, small number of threads serves any number of transfers, and
 * their queue is what shares the cores out. Threads start on demand and retire when idle, so an
 * idle SDK holds none.
 */
final class PipelineThreads {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    static final ExecutorService EXECUTOR = executor();

    private PipelineThreads() {
    }

    private static ExecutorService executor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "glance-store-hash-" + COUNTER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
