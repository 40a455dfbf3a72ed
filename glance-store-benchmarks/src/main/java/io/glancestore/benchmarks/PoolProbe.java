package io.glancestore.benchmarks;

import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Reads the SDK's shared transfer buffers ({@code io.glancestore.TransferBuffers}) where the SDK
 * on the class path has them, so the same benchmark also runs against a build from before they
 * existed (its figures then show no pooled memory).
 */
final class PoolProbe {

    private static final Object SHARED;
    private static final Method PEAK;
    private static final Method RESET;
    private static final Method CAPACITY;
    private static final Method LEASED;

    static {
        Object shared = null;
        Method peak = null;
        Method reset = null;
        Method capacity = null;
        Method leased = null;
        try {
            Class<?> type = Class.forName("io.glancestore.TransferBuffers");
            shared = type.getMethod("shared").invoke(null);
            peak = type.getMethod("peakLeasedBytes");
            reset = type.getMethod("resetPeak");
            capacity = type.getMethod("capacityBytes");
            leased = type.getMethod("leasedBytes");
        } catch (ReflectiveOperationException e) {
            shared = null;
        }
        SHARED = shared;
        PEAK = peak;
        RESET = reset;
        CAPACITY = capacity;
        LEASED = leased;
    }

    private PoolProbe() {
    }

    static String describe() {
        if (SHARED == null) {
            return ", no shared transfer buffers in this SDK";
        }
        return String.format(Locale.ROOT, ", shared transfer buffers of %d MiB", call(CAPACITY) >> 20);
    }

    static long peakLeased() {
        return SHARED == null ? -1 : call(PEAK);
    }

    static long leased() {
        return SHARED == null ? -1 : call(LEASED);
    }

    static void resetPeak() {
        if (SHARED != null) {
            call(RESET);
        }
    }

    private static long call(Method m) {
        try {
            Object v = m.invoke(SHARED);
            return v instanceof Number ? ((Number) v).longValue() : 0;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
