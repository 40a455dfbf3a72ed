package io.glancestore.cache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.concurrent.GuardedBy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a cache runs the work that is nobody's read: fill writers, copiers, publication, and the
 * periodic maintenance. The executors are handed in from outside (a service runs the cache on
 * its own threads) or, when not given, created here and shut down with the cache. Either way the
 * cache counts its own tasks, so closing it waits for exactly its work and not for the
 * executor's.
 *
 * <p>The cache's own executor has a fixed number of threads ({@link #OWN_THREADS}) and queues
 * what it cannot start yet, in arrival order, without bound: the queue holds small tasks, while
 * the memory of the fills they serve is bounded by the fills themselves (their chunk budget).
 * Queueing cannot deadlock, because no background task ever waits for another task or for a
 * reader: writers, copiers and publication wait only for the disk, the ledger and the two
 * hashing permits, which only running publications hold. A reader that waits for a queued writer
 * waits longer, not forever: that is the backpressure of many fills at once. Tasks are refused
 * only once the cache is closing, and every caller handles the refusal by failing its fill
 * cleanly (its file renamed aside, its ledger row released), never by dropping it.
 */
final class BackgroundWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
    private static final long CLOSE_WAIT_SECONDS = 30;
    /**
     * Threads of the cache's own executor: unbounded threads would each keep a direct buffer of
     * the JDK's and a stack, and a burst of misses would start as many as there are fills.
     */
    static final int OWN_THREADS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
    private static final long IDLE_THREAD_SECONDS = 30;

    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsExecutor;
    private final boolean ownsScheduler;
    @GuardedBy("this")
    private int running;
    @GuardedBy("this")
    private boolean closed;
    @GuardedBy("this")
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();

    /**
     * @param executor runs writers, copiers and publication; {@code null} for a pool of
     *     {@link #OWN_THREADS} daemon threads owned by the cache. It may queue tasks; it must
     *     eventually run every task it accepts.
     * @param scheduler runs the periodic tasks; {@code null} for one daemon thread owned by the
     *     cache, created only if something is scheduled
     */
    BackgroundWork(Executor executor, ScheduledExecutorService scheduler) {
        this.ownsExecutor = executor == null;
        this.executor = executor != null ? executor : ownExecutor();
        this.ownsScheduler = scheduler == null;
        this.scheduler = scheduler;
    }

    private static ExecutorService ownExecutor() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(OWN_THREADS, OWN_THREADS, IDLE_THREAD_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads("glance-cache-worker"));
        pool.allowCoreThreadTimeOut(true); // an idle cache keeps no thread
        return pool;
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs a task in the background.
     *
     * @throws RejectedExecutionException once closed, or if the executor refuses it
     */
    void execute(Runnable task) {
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException("the image cache is closing");
            }
            running++;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) {
            done();
            throw e;
        }
    }

    private synchronized void done() {
        running--;
        notifyAll();
    }

    /** Runs a task every {@code periodMillis}, first after one period; nothing for 0. */
    synchronized void every(long periodMillis, Runnable task) {
        if (periodMillis <= 0 || closed) {
            return;
        }
        Runnable counted = () -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                running++;
            }
            try {
                task.run();
            } finally {
                done();
            }
        };
        periodic.add(scheduler().scheduleWithFixedDelay(counted, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    @GuardedBy("this")
    private ScheduledExecutorService scheduler() {
        if (scheduler != null) {
            return scheduler;
        }
        if (ownScheduler == null) {
            ownScheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("glance-cache-maintenance"));
        }
        return ownScheduler;
    }

    @GuardedBy("this")
    private ScheduledExecutorService ownScheduler;

    /** Stops the periodic tasks and new work, and waits for the tasks already running. */
    @Override
    public void close() {
        ScheduledExecutorService own;
        synchronized (this) {
            closed = true;
            periodic.forEach(f -> f.cancel(false));
            periodic.clear();
            own = ownScheduler;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("image cache: {} background tasks still running after {} s; closing anyway", running,
                            CLOSE_WAIT_SECONDS);
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (own != null && ownsScheduler) {
            own.shutdownNow();
        }
        if (ownsExecutor) {
            ((ExecutorService) executor).shutdown();
        }
    }
}
