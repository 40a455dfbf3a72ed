package io.glancestore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelRangeInputStreamTest {

    @TempDir
    Path dir;

    private Path file(int size) throws IOException {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) i;
        }
        return Files.write(dir.resolve("f"), data);
    }

    private static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }

    @Test
    void readsOnlyItsRangeAndAnEmptyReadIsZeroEvenAtTheEnd() throws Exception {
        Path f = file(100);
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 10, 5, 2)) {
            byte[] b = new byte[10];
            assertThat(in.read(b, 0, 0)).isZero();
            assertThat(in.available()).isEqualTo(5);
            assertThat(in.read(b, 0, 10)).isEqualTo(5);
            assertThat(Arrays.copyOf(b, 5)).containsExactly(10, 11, 12, 13, 14);
            assertThat(in.read(b, 0, 0)).isZero();
            assertThat(in.read(b, 0, 1)).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.available()).isZero();
            assertThatThrownBy(() -> in.read(b, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void skipStaysInsideTheRange() throws Exception {
        Path f = file(100);
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 10, 5, 2)) {
            assertThat(in.skip(-3)).isZero();
            assertThat(in.skip(2)).isEqualTo(2);
            assertThat(in.read()).isEqualTo(12);
            assertThat(in.skip(100)).isEqualTo(2);
            assertThat(in.skip(1)).isZero();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void transferToCopiesTheRestToAStreamOrThroughTheKernelToAFile() throws Exception {
        Path f = file(1000);
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 100, 500, 7)) {
            assertThat(in.read()).isEqualTo(100);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(in.transferTo(out)).isEqualTo(499);
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(f), 101, 600));
        }
        Path copy = dir.resolve("copy");
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 100, 500, 7);
                FileOutputStream out = new FileOutputStream(copy.toFile())) {
            assertThat(in.transferTo(out)).isEqualTo(500);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(f), 100, 600));
    }

    @Test
    void aFileShorterThanTheRangeEndsTheStreamEarlyOrRaisesTheSubclassError() throws Exception {
        Path f = file(50);
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 40, 20, 4)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 40, 20, 4);
                FileOutputStream out = new FileOutputStream(dir.resolve("short").toFile())) {
            assertThat(in.transferTo(out)).isEqualTo(10);
        }
        try (ChannelRangeInputStream in = new ChannelRangeInputStream(open(f), 40, 20, 4) {
            @Override
            protected int endedEarly() throws IOException {
                throw new IOException("short");
            }
        }) {
            assertThatThrownBy(() -> in.transferTo(new ByteArrayOutputStream())).hasMessage("short");
        }
    }
}
