package io.glancestore.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory and heap of this JVM over an interval that starts at {@link #resetPeaks}. */
final class Memory {

    private Memory() {
    }

    /** Starts a new interval: the kernel's peak RSS (VmHWM) and each heap pool's peak are reset. */
    static void resetPeaks() {
        try {
            // "5" resets the process's peak resident set size (Linux 4.0 and later).
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // An older kernel: the peak then covers the whole run so far.
        }
        PoolProbe.resetPeak();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the reset (an upper bound of the heap's peak). */
    static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The peak resident set since the reset, in KiB, or -1 where /proc cannot say. */
    static long rssPeakKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
