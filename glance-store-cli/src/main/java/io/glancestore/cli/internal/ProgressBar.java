package io.glancestore.cli.internal;

import io.glancestore.ProgressListener;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr for transfers that last over a second, with the rate, the
 * time elapsed and, when the size is known, the time left; nothing at all when stderr is not a
 * terminal (unless forced), so logs and pipes stay clean.
 */
public final class ProgressBar implements ProgressListener, AutoCloseable {

    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private int lastLength;
    private long transferred;

    ProgressBar(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    @Override
    public synchronized void onProgress(long transferred, long total) {
        this.transferred = transferred;
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - start < DELAY_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(now, total > 0 ? total : this.total);
    }

    /**
     * Counts bytes moved by the caller itself.
     *
     * @param n bytes just moved
     */
    public void add(long n) {
        onProgress(transferred + n, total);
    }

    private void draw(long now, long all) {
        double seconds = (now - start) / 1e9;
        double rate = transferred / Math.max(seconds, 1e-3);
        StringBuilder line = new StringBuilder("\r").append(label).append(' ');
        if (all > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * transferred / all);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%%", Math.min(100, 100 * transferred / all))).append(' ');
        }
        line.append(String.format("%.1f MiB %.1f MiB/s %s elapsed", transferred / 1048576.0, rate / 1048576.0,
                clock(seconds)));
        if (all > 0 && transferred < all && rate > 0) {
            line.append(", ETA ").append(clock((all - transferred) / rate));
        }
        // Pad over what a longer previous line left on the terminal.
        int length = line.length();
        line.append(" ".repeat(Math.max(0, lastLength - length)));
        lastLength = length;
        err.print(line);
        err.flush();
        drawn = true;
    }

    /** Seconds as {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            draw(System.nanoTime(), total);
            err.println();
            err.flush();
        }
    }
}
