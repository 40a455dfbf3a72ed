package io.glancestore.cache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 */
final class BackgroundWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

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
     * @param executor runs writers, copiers and publication; {@code null} for a cached pool of
     *     daemon threads owned by the cache. It must not queue tasks behind each other without
     *     bound: a writer waited for by a reader must start.
     * @param scheduler runs the periodic tasks; {@code null} for one daemon thread owned by the
     *     cache, created only if something is scheduled
     */
    BackgroundWork(Executor executor, ScheduledExecutorService scheduler) {
        this.ownsExecutor = executor == null;
        this.executor = executor != null ? executor : Executors.newCachedThreadPool(daemonThreads("glance-cache-worker"));
        this.ownsScheduler = scheduler == null;
        this.scheduler = scheduler;
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
