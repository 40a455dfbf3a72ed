package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.cache;
import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.GeneratedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files in the cache folder changed behind the cache's back are never served: every hit is
 * checked to be the very file the cache published, and whatever fails is quarantined while the
 * read goes to the store. Bit rot that leaves the file's identity alone is caught by full
 * verification of hits and by a scrub.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TamperTest {

    private static final int SIZE = 300_007;

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private final CountingStore store = new CountingStore(InMemoryStore.create());
    private final GeneratedImage image = GeneratedImage.of(31, SIZE);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overwritten in place", "replaced by rename", "symlink to a copy", "symlink to a shorter file",
        "truncated", "extended", "bit flipped", "fifo", "permissions changed"})
    void aTamperedCopyIsNeverServed(String tamper) throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, location);
            assertThat(read(cache, location)).isEqualTo(image.digests());
            assertThat(store.wholeGets).hasValue(1);
            tamper(tamper, dir.resolve(id));

            assertThat(read(cache, location)).as("the image, from the store").isEqualTo(image.digests());

            boolean sameBytes = tamper.equals("permissions changed"); // its content check passes: re-adopted
            assertThat(store.wholeGets).hasValue(sameBytes ? 1 : 2);
            if (!sameBytes) {
                assertThat(cache.stats().verificationFailures()).isEqualTo(1);
                assertThat(dir.resolve("invalid").resolve(id)).exists();
            }
            cache.flush();
            assertThat(read(cache, location)).isEqualTo(image.digests());
            assertThat(cache.isCached(id)).isTrue();
            assertThat(Files.isRegularFile(dir.resolve(id), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
        }
    }

    private void tamper(String how, Path file) throws Exception {
        byte[] other = GeneratedImage.of(32, SIZE).toByteArray();
        switch (how) {
            case "overwritten in place" -> Files.write(file, other);
            case "replaced by rename" -> {
                Path tmp = Files.write(elsewhere.resolve("tmp"), other);
                Files.move(tmp, dir.resolve("queue").resolve("tmp"));
                Files.move(dir.resolve("queue").resolve("tmp"), file, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            case "symlink to a copy" -> {
                Path copy = Files.write(elsewhere.resolve("copy"), image.toByteArray());
                Files.delete(file);
                Files.createSymbolicLink(file, copy);
            }
            case "symlink to a shorter file" -> {
                Path shorter = Files.write(elsewhere.resolve("short"), image.bytes(0, 1000));
                Files.delete(file);
                Files.createSymbolicLink(file, shorter);
            }
            case "truncated" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(SIZE / 3);
                }
            }
            case "extended" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(SIZE + 10);
                }
            }
            case "bit flipped" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.seek(SIZE / 2);
                    int b = f.read();
                    f.seek(SIZE / 2);
                    f.write(b ^ 1);
                }
            }
            case "fifo" -> {
                Files.delete(file);
                Process p = new ProcessBuilder("mkfifo", file.toString()).start();
                assertThat(p.waitFor()).isZero();
            }
            case "permissions changed" -> Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            default -> throw new IllegalArgumentException(how);
        }
    }

    @ParameterizedTest(name = "foreign file {0}")
    @ValueSource(booleans = {true, false})
    void aForeignFileUnderAnImagesNameIsNeverServed(boolean whileOpen) throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        byte[] other = GeneratedImage.of(33, SIZE).toByteArray();
        if (!whileOpen) {
            Files.createDirectories(dir);
            Files.write(dir.resolve(id), other);
        }
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            if (whileOpen) {
                Files.write(dir.resolve(id), other);
            }
            assertThat(read(cache, location)).isEqualTo(image.digests());
            cache.flush();
            assertThat(store.wholeGets).hasValue(1);
            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
            assertThat(Files.readAllBytes(dir.resolve("invalid").resolve(id))).isEqualTo(other);
            assertThat(read(cache, location)).isEqualTo(image.digests());
            assertThat(store.wholeGets).as("the cache's own copy is a hit").hasValue(1);
        }
    }

    /** Bytes that no longer match the record while the file keeps its identity: bit rot. */
    private void rot(String id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".index").resolve("ledger.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.executeUpdate("UPDATE images SET md5 = '" + "0".repeat(32) + "' WHERE id = '" + id + "'");
        }
    }

    @org.junit.jupiter.api.Test
    void fullVerificationCatchesBitRotOnTheReadThatMeetsIt() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        CacheConfig config = CacheFixture.config(dir, 1L << 30).verifyHits(true).build();
        try (CachingImageStore cache = CachingImageStore.builder(store).config(config).build()) {
            cache(cache, location);
            assertThat(read(cache, location)).isEqualTo(image.digests());
            rot(id);
            // Another process (its own view of the ledger) meets the rot.
            try (CachingImageStore fresh = CachingImageStore.builder(store).config(config).build()) {
                assertThatThrownBy(() -> read(fresh, location)).isInstanceOf(ChecksumMismatchException.class)
                        .hasMessageContaining("fully verified");
                assertThat(fresh.isCached(id)).isFalse();
                assertThat(files(dir.resolve("invalid"))).containsExactly(id);
                assertThat(read(fresh, location)).isEqualTo(image.digests());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aScrubFindsBitRotAndAdoptsGoodCopies() throws Exception {
        String a = add(store, image);
        GeneratedImage other = GeneratedImage.of(34, SIZE + 1);
        String b = add(store, other);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, a);
            cache(cache, b);
            rot(idOf(store, a));

            ScrubResult r = cache.verify();

            assertThat(r).isEqualTo(new ScrubResult(2, 2L * SIZE + 1, 1, 0));
            assertThat(cache.isCached(idOf(store, a))).isFalse();
            assertThat(cache.isCached(idOf(store, b))).isTrue();
            assertThat(cache.verify()).isEqualTo(new ScrubResult(1, SIZE + 1, 0, 0));
        }
    }
}
