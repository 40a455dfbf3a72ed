import io.glancestore.config.GlanceConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times the configuration readers alone on each file given, with the size limit raised to
 * 64 MiB so that files beyond the default 1 MiB are parsed: the time and the bytes allocated per
 * byte of file show whether parsing is linear. Run by scripts/bench-config-check.sh as
 * {@code java -cp glance-store.jar ConfigParseTiming.java FILE...}.
 */
public class ConfigParseTiming {
    public static void main(String[] files) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        // Warm up the readers once on the smallest file, as a long-running service would be.
        GlanceConfig.loader().maxFileSize(64 << 20).load(Path.of(files[0]));
        System.out.println("| file | MB | parse s | allocated bytes per byte |");
        System.out.println("|---|---:|---:|---:|");
        for (String f : files) {
            Path file = Path.of(f);
            long size = Files.size(file);
            long allocated = threads.getThreadAllocatedBytes(me);
            long started = System.nanoTime();
            GlanceConfig.loader().maxFileSize(64 << 20).load(file);
            double seconds = (System.nanoTime() - started) / 1e9;
            long bytes = threads.getThreadAllocatedBytes(me) - allocated;
            System.out.printf("| %s | %.0f | %.2f | %d |%n", file.getFileName(), size / 1e6, seconds, bytes / size);
        }
    }
}
