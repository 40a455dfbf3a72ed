package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.exception.StorageWriteDeniedException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real filesystem failures, named as glance_store names them: a full filesystem (a small tmpfs),
 * a read-only one, and a folder the process may not write (a client running as {@code nobody}).
 * Needs root (to mount, and to switch user with {@code setpriv}); fails without it.
 */
class StorageFaultsIT {

    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    private final List<Path> mounts = new ArrayList<>();

    @BeforeAll
    static void requireRoot() throws IOException {
        assertThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
                .as("these integration tests mount filesystems and switch users: run them as root").isEqualTo(0);
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path mount : mounts) {
            run("umount", mount.toString());
        }
    }

    @Test
    @Timeout(60)
    void aFullFilesystemIsStorageFullAndKeepsNothing() throws Exception {
        Path datadir = mountTmpfs("small", "size=4m");
        GeneratedImage big = GeneratedImage.of(1, 8 * MIB + 7);
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            assertThatThrownBy(() -> store.add("known-size", big.openStream(), big.size()))
                    .isInstanceOf(StorageFullException.class);
            assertThat(FolderContents.names(datadir)).isEmpty();
            assertThatThrownBy(() -> store.add("unknown-size", big.openStream(), -1))
                    .isInstanceOf(StorageFullException.class);
            assertThat(FolderContents.names(datadir)).isEmpty();

            GeneratedImage fits = GeneratedImage.of(2, 2 * MIB);
            String location = store.add("fits", fits.openStream(), fits.size()).location();
            try (ImageData in = store.get(location)) {
                assertThat(Digests.of(in)).isEqualTo(fits.digests());
            }
            assertThat(FolderContents.names(datadir)).containsExactly("fits");
        }
    }

    @Test
    @Timeout(60)
    void severalFoldersWithoutRoomAreStorageFullBeforeAnyWrite() throws Exception {
        Path a = mountTmpfs("a", "size=2m");
        Path b = mountTmpfs("b", "size=3m");
        try (FileStore store = FileStore.builder().datadir(a, 1).datadir(b, 1).build()) {
            GeneratedImage image = GeneratedImage.of(3, 2 * MIB + MIB / 2);
            assertThat(store.add("fits-b", image.openStream(), image.size()).location())
                    .isEqualTo("file://" + b + "/fits-b");
            assertThatThrownBy(() -> store.add("too-big", image.openStream(), image.size()))
                    .isInstanceOf(StorageFullException.class);
            assertThat(FolderContents.names(a)).isEmpty();
            assertThat(FolderContents.names(b)).containsExactly("fits-b");
        }
    }

    @Test
    @Timeout(60)
    void aReadOnlyFilesystemServesReadsAndRefusesWrites() throws Exception {
        Path datadir = mountTmpfs("ro", "size=8m");
        GeneratedImage image = GeneratedImage.of(4, MIB + 1);
        try (FileStore before = FileStore.builder().datadir(datadir).build()) {
            String location = before.add("img", image.openStream(), image.size()).location();
            run("mount", "-o", "remount,ro", datadir.toString());

            assertThatThrownBy(() -> before.add("late", image.openStream(), image.size()))
                    .isInstanceOf(StorageWriteDeniedException.class);
            assertThatThrownBy(() -> before.delete(location)).isInstanceOf(ForbiddenException.class);

            try (FileStore after = FileStore.builder().datadir(datadir).build()) {
                assertThat(after.capabilities()).doesNotContain(Capability.WRITE_ACCESS)
                        .contains(Capability.READ_ACCESS);
                assertThatThrownBy(() -> after.add("late", image.openStream(), image.size()))
                        .isInstanceOf(StoreAddDisabledException.class);
                try (ImageData in = after.get(location)) {
                    assertThat(Digests.of(in)).isEqualTo(image.digests());
                }
            }
            assertThat(FolderContents.names(datadir)).containsExactly("img");
        }
    }

    @Test
    @Timeout(120)
    void aFolderTheUserMayNotWriteMakesAReadOnlyStoreAndDeniesWrites() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classpath = ChildJvm.copyClasspath(Files.createDirectory(tmp.resolve("cp")));
        Path datadir = Files.createDirectory(tmp.resolve("images"));
        Files.setPosixFilePermissions(datadir, PosixFilePermissions.fromString("rwxr-xr-x"));
        GeneratedImage image = GeneratedImage.of(5, 100_000);
        String location;
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            location = store.add("by-root", image.openStream(), image.size()).location();
        }

        String readOnly = runAsNobody(classpath, "read", datadir.toString(), location);
        assertThat(readOnly).contains("MD5 " + image.md5Hex()).contains("ADD StoreAddDisabledException")
                .doesNotContain("WRITE_ACCESS").contains("FILES [by-root]");

        // Writable when the store opens, no longer when the add comes: the write itself is refused.
        Path control = Files.createDirectory(tmp.resolve("control"));
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(datadir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path ready = control.resolve("ready");
        Path go = control.resolve("go");
        Path output = tmp.resolve("add-later.out");
        Process client = startAsNobody(classpath, output, "add-later", datadir.toString(), ready.toString(),
                go.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) && client.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Files.setPosixFilePermissions(datadir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createFile(go);
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            client.destroyForcibly();
        }
        String denied = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(denied).as(denied).contains("WRITE_ACCESS").contains("ADD StorageWriteDeniedException")
                .contains("FILES [by-root]");
    }

    private Path mountTmpfs(String name, String options) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        run("mount", "-t", "tmpfs", "-o", options + ",mode=0755", "glance-store-test", dir.toString());
        mounts.add(0, dir);
        return dir;
    }

    private String runAsNobody(String classpath, String... args) throws Exception {
        Path output = tmp.resolve(args[0] + ".out");
        Process p = startAsNobody(classpath, output, args);
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private Process startAsNobody(String classpath, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        command.addAll(ChildJvm.command(classpath, UnprivilegedClient.class, args));
        return new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
