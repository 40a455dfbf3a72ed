package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Python glance_store as the peer of a store's interoperability tests: one of its drivers
 * ({@code file}, {@code rbd}, {@code swift} or {@code s3}), run by Debian's
 * {@code /usr/bin/python3} and configured with Glance's option names as a glance-api.conf with
 * only that store would configure it, adds, reads and deletes images beside the store under test,
 * so that each side's images are checked by the other. Each operation is one Python process; its
 * {@code key=value} output comes back as a map ({@code location}, {@code size}, {@code md5},
 * {@code multihash}, {@code metadata} as JSON after an add; {@code size}, {@code read},
 * {@code md5}, {@code multihash} after a get; {@code deleted} after a delete; {@code error} and
 * {@code message} when glance_store raised).
 *
 * <p>The options are written to a file of mode 600 in the given folder, never to a command line.
 * Creating a peer checks that glance_store and the driver's Python modules import, and fails
 * naming the Debian packages to install otherwise: interoperability tests never skip.
 *
 * <pre>{@code
 * GlanceStorePeer peer = GlanceStorePeer.create("rbd", Map.of("rbd_store_pool", "images", ...), tmp);
 * Map<String, String> got = peer.get(javaLocation);
 * }</pre>
 */
public final class GlanceStorePeer {

    /** The interpreter that has Debian's python3-glance-store. */
    public static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = "glance_store_peer.py";
    private static final long TIMEOUT_SECONDS = 120;

    private final String storeType;
    private final Path dir;
    private final Path script;
    private final Path options;

    private GlanceStorePeer(String storeType, Path dir) throws IOException {
        this.storeType = storeType;
        this.dir = dir;
        this.script = dir.resolve(SCRIPT);
        this.options = dir.resolve("glance-store-peer.options");
        try (InputStream in = GlanceStorePeer.class.getResourceAsStream(SCRIPT)) {
            assertThat(in).as(SCRIPT + " on the class path").isNotNull();
            Files.copy(in, script);
        }
    }

    /**
     * A peer running one glance_store driver, checked to be importable.
     *
     * @param storeType glance_store's name of the driver: {@code file}, {@code rbd}, {@code swift} or
     *     {@code s3}
     * @param storeOptions the driver's {@code [glance_store]} options, with Glance's names
     * @param dir an empty folder of the test's, for the script, its options and data files
     * @return the peer
     * @throws AssertionError if Python, glance_store or the driver's modules are missing
     */
    public static GlanceStorePeer create(String storeType, Map<String, String> storeOptions, Path dir) {
        Objects.requireNonNull(storeType, "storeType");
        assertThat(Path.of(PYTHON)).as(PYTHON + " is missing: install Debian's python3").isExecutable();
        try {
            GlanceStorePeer peer = new GlanceStorePeer(storeType, dir);
            StringBuilder lines = new StringBuilder();
            storeOptions.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
            Files.createFile(peer.options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(peer.options, lines, StandardCharsets.UTF_8);
            assertThat(peer.run("check")).containsEntry("ok", storeType);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds an image through glance_store, from a data file written and removed around the call.
     *
     * @param imageId the image id
     * @param image the bytes
     * @param unknownSize whether to pass size 0, which glance_store takes for unknown
     * @return what the peer printed
     * @throws IOException if the data file cannot be written
     */
    public Map<String, String> add(String imageId, GeneratedImage image, boolean unknownSize) throws IOException {
        Path data = dir.resolve(imageId + ".data");
        try (InputStream in = image.openStream()) {
            Files.copy(in, data);
        }
        try {
            return unknownSize ? run("add", imageId, data.toString(), "unknown") : run("add", imageId, data.toString());
        } finally {
            Files.delete(data);
        }
    }

    /**
     * Reads an image through glance_store to its end.
     *
     * @param location the image's location URI
     * @return what the peer printed
     */
    public Map<String, String> get(String location) {
        return run("get", location);
    }

    /**
     * Deletes an image through glance_store.
     *
     * @param location the image's location URI
     * @return what the peer printed
     */
    public Map<String, String> delete(String location) {
        return run("delete", location);
    }

    /**
     * Runs one operation of the peer; fails unless it succeeded or glance_store raised.
     *
     * @param command {@code check}, {@code add}, {@code get} or {@code delete}
     * @param args the operation's arguments
     * @return the {@code key=value} lines it printed
     */
    public Map<String, String> run(String command, String... args) {
        List<String> line = new ArrayList<>(List.of(PYTHON, script.toString(), storeType, options.toString(), command));
        line.addAll(List.of(args));
        Path stderr = dir.resolve("peer.err");
        try {
            Process p = new ProcessBuilder(line).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean exited = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("python peer " + command + " finished in " + TIMEOUT_SECONDS + " s").isTrue();
            String context = "python peer " + storeType + " " + command + " exited " + p.exitValue() + "\nstdout: "
                    + out + "\nstderr: " + readQuietly(stderr);
            assertThat(p.exitValue()).as(context).isIn(0, 3);
            Map<String, String> values = new LinkedHashMap<>();
            for (String row : out.split("\n")) {
                int eq = row.indexOf('=');
                assertThat(eq).as(context).isPositive();
                values.put(row.substring(0, eq), row.substring(eq + 1));
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the python peer ran", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
