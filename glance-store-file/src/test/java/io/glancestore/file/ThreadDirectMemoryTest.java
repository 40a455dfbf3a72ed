package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK moves a heap array to or from a file through a direct buffer as large as the array,
 * which it then keeps for the thread: a read with an 8 MiB array would cost its thread 8 MiB
 * outside the heap for as long as the thread lives, and a service's 64 threads half a GiB. The
 * file store reads and writes in slices, so a transfer leaves its thread at most one slice.
 */
class ThreadDirectMemoryTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void anAddAndAGetWithALargeArrayLeaveTheirThreadNoLargeDirectBuffer() throws Exception {
        GeneratedImage image = GeneratedImage.of(5, 12L * MIB + 3);
        try (ImageStore store = FileStore.builder().datadir(dir).build()) {
            AtomicReference<AddResult> added = new AtomicReference<>();
            long addGrowth = directGrowthOnAFreshThread(
                    () -> added.set(store.add("img", image.openStream(), image.size())));
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            long getGrowth = directGrowthOnAFreshThread(() -> {
                byte[] large = new byte[8 * MIB];
                try (ImageData data = store.get(added.get().location())) {
                    for (int n; (n = data.read(large, 0, large.length)) >= 0; ) {
                        copy.write(large, 0, n);
                    }
                }
            });
            assertThat(copy.size()).isEqualTo(image.size());
            assertThat(copy.toByteArray()).isEqualTo(image.toByteArray());
            assertThat(addGrowth).as("direct memory kept by the adding thread").isLessThanOrEqualTo(MIB / 4);
            assertThat(getGrowth).as("direct memory kept by the reading thread").isLessThanOrEqualTo(MIB / 4);
        }
    }

    @FunctionalInterface
    private interface Transfer {
        void run() throws Exception;
    }

    /** The direct memory of the JVM after the transfer ran on a new, still living thread, less before. */
    private static long directGrowthOnAFreshThread(Transfer transfer) throws Exception {
        AtomicLong growth = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                long before = directMemoryUsed();
                transfer.run();
                // Measured before the thread ends: its cached buffers go when it does.
                growth.set(directMemoryUsed() - before);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return growth.get();
    }

    private static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
