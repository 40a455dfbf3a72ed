package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.tck.Digests;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With thin provisioning, zero chunks become real holes while the bytes stay exact. */
class ThinProvisioningTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    /** 16 MiB of zeros with data in three places, ending in 3 MiB + 5 bytes of zeros. */
    private static byte[] mostlyZeros() {
        byte[] data = new byte[16 * MIB + 5];
        Random random = new Random(7);
        for (int at : new int[] {0, 5 * MIB + 100, 12 * MIB}) {
            byte[] chunk = new byte[200_000];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, data, at, chunk.length);
        }
        return data;
    }

    @Test
    void zeroChunksAreHolesAndTheImageIsExact() throws Exception {
        byte[] data = mostlyZeros();
        long thick = allocatedAfterAdd(false, data);
        long thin = allocatedAfterAdd(true, data);

        assertThat(thick).isGreaterThanOrEqualTo(data.length - 4096);
        // Three 200 kB data regions, each rounded out to 64 KiB chunks on both sides.
        assertThat(thin).isLessThan(1 * MIB);
    }

    @Test
    void anAllZeroImageOfUnknownSizeTakesNoSpace() throws Exception {
        byte[] data = new byte[8 * MIB + 3];
        try (ImageStore store = FileStore.builder().datadir(tmp).thinProvisioning(true).build()) {
            String location = store.add("zeros", new ByteArrayInputStream(data), -1).location();
            assertThat(Files.size(tmp.resolve("zeros"))).isEqualTo(data.length);
            assertThat(allocatedBytes(tmp.resolve("zeros"))).isLessThan(64 * 1024);
            try (ImageData in = store.get(location)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
    }

    private long allocatedAfterAdd(boolean thin, byte[] data) throws Exception {
        Path folder = tmp.resolve(thin ? "thin" : "thick");
        try (ImageStore store = FileStore.builder().datadir(folder).thinProvisioning(thin).build()) {
            String location = store.add("img", new ByteArrayInputStream(data), data.length).location();
            assertThat(Files.size(folder.resolve("img"))).isEqualTo(data.length);
            try (ImageData in = store.get(location)) {
                assertThat(Digests.of(in)).isEqualTo(Digests.of(data));
            }
            return allocatedBytes(folder.resolve("img"));
        }
    }

    /** Bytes the filesystem allocated to a file: {@code st_blocks}, which the JDK does not expose. */
    static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(stat.waitFor()).as("stat: " + out).isZero();
        String[] parts = out.split(" ");
        return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
    }
}
