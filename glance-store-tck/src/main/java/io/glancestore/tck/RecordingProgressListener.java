package io.glancestore.tck;

import io.glancestore.ProgressListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link ProgressListener} that records a summary of what it was told: the number of calls,
 * the last count, every total reported, and any call that broke the listener's contract (a
 * count going backwards, a negative count, a count above a known total). Keeps no per-call
 * history, so it stays small for multi-GiB transfers. Thread-safe.
 */
public final class RecordingProgressListener implements ProgressListener {

    private static final int MAX_PROBLEMS = 10;

    private long calls;
    private long lastTransferred;
    private final Set<Long> totals = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    /** Creates a listener that has heard nothing yet. */
    public RecordingProgressListener() {
    }

    @Override
    public synchronized void onProgress(long transferred, long total) {
        calls++;
        if (transferred < 0) {
            problem("call " + calls + ": negative count " + transferred);
        }
        if (transferred < lastTransferred) {
            problem("call " + calls + ": count went back from " + lastTransferred + " to " + transferred);
        }
        if (total >= 0 && transferred > total) {
            problem("call " + calls + ": count " + transferred + " above the total " + total);
        }
        lastTransferred = transferred;
        totals.add(total);
    }

    /**
     * Number of calls so far.
     *
     * @return the count
     */
    public synchronized long calls() {
        return calls;
    }

    /**
     * The count of the last call, 0 before any.
     *
     * @return bytes transferred as last reported
     */
    public synchronized long lastTransferred() {
        return lastTransferred;
    }

    /**
     * Every distinct total reported.
     *
     * @return the totals, in ascending order
     */
    public synchronized Set<Long> totals() {
        return Collections.unmodifiableSet(new TreeSet<>(totals));
    }

    /**
     * Calls that broke the listener's contract (the first few).
     *
     * @return descriptions, empty when all calls were sound
     */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private void problem(String description) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(description);
        }
    }

    @Override
    public synchronized String toString() {
        return "RecordingProgressListener{calls=" + calls + ", last=" + lastTransferred + ", totals=" + totals + "}";
    }
}
