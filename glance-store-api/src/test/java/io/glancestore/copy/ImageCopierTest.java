package io.glancestore.copy;

import static io.glancestore.copy.TestStores.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.memory.InMemoryStore;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageCopierTest {

    ImageStore a;
    ImageStore b;
    byte[] image;
    AddResult original;

    @BeforeEach
    void setUp() {
        a = InMemoryStore.create("a", Long.MAX_VALUE);
        b = InMemoryStore.create("b", Long.MAX_VALUE);
        image = new byte[300_000];
        new Random(7).nextBytes(image);
        original = a.add("img-1", new ByteArrayInputStream(image), image.length);
    }

    ExpectedHashes known() {
        return new ExpectedHashes(original.checksum(), original.hashAlgorithm(), original.multihash());
    }

    @Test
    void copiesStreamingKeepsTheSourceAndReturnsTheNewLocation() {
        List<Long> progress = new ArrayList<>();
        AddResult copy = ImageCopier.builder().progressListener((done, total) -> progress.add(done)).build()
                .copy(a, original.location(), b, known());
        assertThat(copy.location()).isEqualTo("memory://b/img-1");
        assertThat(copy.checksum()).isEqualTo(original.checksum());
        assertThat(copy.multihash()).isEqualTo(original.multihash());
        assertThat(read(b, copy.location())).isEqualTo(image);
        assertThat(read(a, original.location())).isEqualTo(image);
        assertThat(progress).isNotEmpty().last().isEqualTo((long) image.length);
    }

    @Test
    void aWrongExpectedChecksumFailsAndLeavesNothingInTheTarget() {
        ExpectedHashes wrong = new ExpectedHashes("0123456789abcdef0123456789abcdef", null, null);
        assertThatThrownBy(() -> ImageCopier.create().copy(a, original.location(), b, wrong))
                .isInstanceOf(GlanceStoreException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof ChecksumMismatchException));
        assertThatThrownBy(() -> b.size("memory://b/img-1")).isInstanceOf(NotFoundException.class);
        assertThat(read(a, original.location())).isEqualTo(image);
    }

    @Test
    void aWrongExpectedMultihashFailsToo() {
        ExpectedHashes wrong = new ExpectedHashes(null, "sha512", "ab".repeat(64));
        assertThatThrownBy(() -> ImageCopier.create().copy(a, original.location(), b, wrong))
                .isInstanceOf(GlanceStoreException.class);
        assertThatThrownBy(() -> b.size("memory://b/img-1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void readBackCatchesATargetThatDoesNotServeWhatItStored() {
        ImageStore corrupting = new TestStores.Corrupting(b);
        ImageCopier copier = ImageCopier.builder().readBack(true).build();
        assertThatThrownBy(() -> copier.copy(a, original.location(), corrupting, known()))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("does not read back");
        assertThatThrownBy(() -> b.size("memory://b/img-1")).isInstanceOf(NotFoundException.class);
        // without read-back the arrival hashes alone pass
        assertThat(ImageCopier.create().copy(a, original.location(), corrupting, known()).checksum())
                .isEqualTo(original.checksum());
    }

    @Test
    void anImageAlreadyInTheTargetIsADuplicate() {
        ImageCopier.create().copy(a, original.location(), b);
        assertThatThrownBy(() -> ImageCopier.create().copy(a, original.location(), b))
                .isInstanceOf(DuplicateException.class);
    }

    static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
