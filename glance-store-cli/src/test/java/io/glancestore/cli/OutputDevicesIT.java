package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code get -o DEVICE} writes the device in place. Run as root (as CI runs the integration
 * tests): the devices are private nodes made with mknod in the test's own folder, with the
 * numbers of /dev/null and /dev/full, so a regression could only ever replace those nodes,
 * never the machine's own.
 */
class OutputDevicesIT extends JarTestSupport {

    private Path device(String name, int major, int minor) throws Exception {
        Path node = dir.resolve(name);
        Process p = new ProcessBuilder("mknod", node.toString(), "c", Integer.toString(major), Integer.toString(minor))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("mknod needs root: " + out).isZero();
        return node;
    }

    /** The device numbers of a node, read only. */
    private static long rdev(Path node) throws Exception {
        return ((Number) Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static void assertCharacterDevice(Path node, long rdev) throws Exception {
        Map<String, Object> a = Files.readAttributes(node, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        assertThat((Integer) a.get("mode") & 0170000).as(node + " is still a character device").isEqualTo(0020000);
        assertThat(((Number) a.get("rdev")).longValue()).isEqualTo(rdev);
    }

    @Test
    void aCharacterDeviceIsWrittenNotReplaced() throws Exception {
        String location = put("img");
        Path nul = device("null", 1, 3);
        JarRunner.Result r = cli.run("get", location, "-o", nul.toString(), "--no-cache", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("size").asLong()).isEqualTo(bytes.length);
        assertCharacterDevice(nul, rdev(Path.of("/dev/null")));
        assertThat(hiddenFiles(dir)).isZero();
    }

    @Test
    void aFullDeviceFailsAndStays() throws Exception {
        String location = put("img");
        Path full = device("full", 1, 7);
        JarRunner.Result r = cli.run("get", location, "-o", full.toString(), "--no-cache");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("glance-store: cannot write the image to " + full
                + ": No space left on device");
        assertCharacterDevice(full, rdev(Path.of("/dev/full")));
        assertThat(hiddenFiles(dir)).isZero();
    }
}
