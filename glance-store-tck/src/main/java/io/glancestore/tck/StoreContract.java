package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.NotFoundException;
import io.glancestore.support.BulkInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;

/**
 * What every area's contract shares: the store under test, the size of the large image, and the
 * checks and helpers the cases use. Each area of the contract ({@link AddContract},
 * {@link ReadsContract}, {@link HashingContract}...) extends it; {@link ImageStoreContractTest}
 * composes them all, each as a nested class, so a store's test extends that one class and
 * gets every area, each run on the fresh store that class makes before every test. A new area
 * is a subclass of this one, nested in the kit the same way.
 *
 * <p>Cases that need a capability the store does not declare are skipped through an assumption
 * that names the missing capability, so they show as skipped and never pass silently.
 */
public abstract class StoreContract {

    /** Tag of the cases that stream the large image through the store. */
    public static final String LARGE_TAG = "large-image";

    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;
    static final long WAIT_SECONDS = 120;
    /** Size of the image the read cases use: several chunks, ending mid-page. */
    static final long READ_SIZE = 3L * MIB + 4099;
    static final String MD5_EMPTY = "d41d8cd98f00b204e9800998ecf8427e";
    static final String SHA512_EMPTY = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    static final String MD5_ABC = "900150983cd24fb0d6963f7d28e17f72";
    static final String SHA512_ABC = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    private final Supplier<ImageStore> store;
    private final LongSupplier largeImageSize;

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected StoreContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.largeImageSize = Objects.requireNonNull(largeImageSize, "largeImageSize");
    }

    /**
     * The store of the running test.
     *
     * @return the store under test
     */
    protected final ImageStore store() {
        return store.get();
    }

    /**
     * Size of the big streamed image of the {@value #LARGE_TAG} cases.
     *
     * @return the size in bytes; 0 or less skips those cases, visibly
     */
    protected final long largeImageSize() {
        return largeImageSize.getAsLong();
    }

    /**
     * A fresh image id, as Glance makes them.
     *
     * @return a random UUID string
     */
    protected static String newImageId() {
        return UUID.randomUUID().toString();
    }

    /** Ways a caller consumes an {@link ImageData}; each must deliver (and check) the same bytes. */
    enum ReadStyle {
        /** {@code read(byte[], int, int)} with an odd buffer size. */
        BULK {
            @Override
            Digests consume(InputStream in) throws IOException {
                return Digests.of(new TricklingInputStream(in, 8191, 3));
            }
        },
        /** {@code read()} one byte at a time. */
        SINGLE_BYTES {
            @Override
            Digests consume(InputStream in) throws IOException {
                DigestSink sink = new DigestSink();
                int b;
                while ((b = in.read()) >= 0) {
                    sink.write(b);
                }
                return sink.digests();
            }
        },
        /** {@code readAllBytes()}. */
        READ_ALL_BYTES {
            @Override
            Digests consume(InputStream in) throws IOException {
                return Digests.of(in.readAllBytes());
            }
        },
        /** {@code transferTo(OutputStream)}, the path a store may serve with sendfile. */
        TRANSFER_TO {
            @Override
            Digests consume(InputStream in) throws IOException {
                DigestSink sink = new DigestSink();
                long n = in.transferTo(sink);
                assertThat(n).as("transferTo's count").isEqualTo(sink.length);
                return sink.digests();
            }
        };

        abstract Digests consume(InputStream in) throws IOException;
    }

    /** An output stream that only digests, for transferTo. */
    static final class DigestSink extends OutputStream {
        private final MessageDigest md5 = Digests.newDigest("MD5");
        private final MessageDigest sha512 = Digests.newDigest("SHA-512");
        private long length;

        @Override
        public void write(int b) {
            md5.update((byte) b);
            sha512.update((byte) b);
            length++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            md5.update(b, off, len);
            sha512.update(b, off, len);
            length += len;
        }

        Digests digests() {
            HexFormat hex = HexFormat.of();
            return new Digests(length, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
        }
    }

    /** A source that remembers whether it was closed. */
    static final class CloseRecordingStream extends FilterInputStream {
        volatile boolean closed;

        CloseRecordingStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    /** The result or the failure of one task. */
    static final class Outcome<T> {
        final T value;
        final Throwable failure;

        Outcome(T value, Throwable failure) {
            this.value = value;
            this.failure = failure;
        }
    }

    final AddResult add(String imageId, GeneratedImage image, long declaredSize) {
        requireCapability(Capability.WRITE_ACCESS);
        return store().add(imageId, image.openStream(), declaredSize);
    }

    /** Adds an image of known size under a fresh id, its multihash made with {@code algorithm}. */
    final AddResult addHashedWith(GeneratedImage image, String algorithm) {
        requireCapability(Capability.WRITE_ACCESS);
        return store().add(newImageId(), image.openStream(), image.size(),
                AddOptions.builder().hashAlgorithm(algorithm).build());
    }

    /** An add under the image id it is given. */
    @FunctionalInterface
    interface AddUnderId {
        void add(String imageId) throws Exception;
    }

    /**
     * Runs an add under a fresh id that must fail with {@code type}, then checks that it left
     * nothing under that id (see {@link #assertNothingStoredUnder(String)}).
     *
     * @return what the add threw, for checks of its causes
     */
    final Throwable assertAddFailsStoringNothing(Class<? extends Throwable> type, AddUnderId add) throws IOException {
        String id = newImageId();
        Throwable thrown = catchThrowable(() -> add.add(id));
        assertThat(thrown).as("what the add threw").isInstanceOf(type);
        assertNothingStoredUnder(id);
        return thrown;
    }

    final void requireCapability(Capability capability) {
        assumeTrue(store().hasCapability(capability), "store lacks " + capability);
    }

    final long requireLargeImageSize() {
        long size = largeImageSize();
        assumeTrue(size > 0, "large images disabled: largeImageSize() is " + size);
        return size;
    }

    final void requireOffsetReads() {
        assumeTrue(store().hasCapability(Capability.READ_RANDOM) || store().hasCapability(Capability.READ_OFFSET),
                "store lacks READ_RANDOM and READ_OFFSET");
    }

    final void requireBoundedReads() {
        assumeTrue(store().hasCapability(Capability.READ_RANDOM) || store().hasCapability(Capability.READ_CHUNK),
                "store lacks READ_RANDOM and READ_CHUNK");
    }

    final void requireRandomReads() {
        assumeTrue(store().hasCapability(Capability.READ_RANDOM)
                || (store().hasCapability(Capability.READ_OFFSET) && store().hasCapability(Capability.READ_CHUNK)),
                "store lacks READ_RANDOM");
    }

    /**
     * The location an image with this id would get, derived from a probe image's location by
     * swapping the id; skips the test, visibly, when the store's locations do not contain the id.
     */
    final String requireGuessedLocation(String imageId) {
        Optional<String> guessed = guessLocation(imageId);
        assumeTrue(guessed.isPresent(), "store's locations do not contain the image id, so none can be derived");
        return guessed.get();
    }

    final Optional<String> guessLocation(String imageId) {
        requireCapability(Capability.WRITE_ACCESS);
        String probeId = newImageId();
        String probe = store().add(probeId, new ByteArrayInputStream(new byte[] {42}), 1).location();
        try {
            int at = probe.indexOf(probeId);
            if (at < 0 || probe.indexOf(probeId, at + 1) >= 0) {
                return Optional.empty();
            }
            return Optional.of(probe.substring(0, at) + imageId + probe.substring(at + probeId.length()));
        } finally {
            if (store().hasCapability(Capability.DELETE_ACCESS)) {
                store().delete(probe);
            }
        }
    }

    /**
     * Checks that a failed add left nothing: the location the image would have had (when it can
     * be derived) serves nothing, and the id can be added again with other bytes, which are the
     * ones then served.
     */
    final void assertNothingStoredUnder(String imageId) throws IOException {
        Optional<String> guessed = guessLocation(imageId);
        if (guessed.isPresent()) {
            String location = guessed.get();
            assertThatThrownBy(() -> store().size(location)).as("size of the failed image's location")
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store().get(location).close()).as("get of the failed image's location")
                    .isInstanceOf(NotFoundException.class);
        }
        GeneratedImage replacement = GeneratedImage.of(imageId.hashCode(), 4099);
        AddResult again = store().add(imageId, replacement.openStream(), replacement.size());
        assertStored(again, replacement);
    }

    /** Checks that a read serves no bytes of an image of no bytes. */
    static void assertEmptyImage(ImageData data) throws IOException {
        assertThat(data.length()).as("length()").isZero();
        assertThat(data.imageSize()).as("imageSize()").isZero();
        assertThat(data.read()).as("read()").isEqualTo(-1);
    }

    /** Checks an add's result and the bytes, size and hashes the store now serves for it. */
    final void assertStored(AddResult result, GeneratedImage image) throws IOException {
        assertThat(result.size()).as("AddResult.size()").isEqualTo(image.size());
        assertThat(result.checksum()).as("AddResult.checksum()").isEqualTo(image.md5Hex());
        if ("sha512".equals(result.hashAlgorithm())) {
            assertThat(result.multihash()).as("AddResult.multihash()").isEqualTo(image.sha512Hex());
        }
        assertThat(store().size(result.location())).as("size(location)").isEqualTo(image.size());
        assertContent(result.location(), image);
    }

    /** The rest of an image read, from a position, through its positional reads only. */
    static final class PositionalInputStream extends BulkInputStream {
        private final ImageData data;
        private final ByteBuffer buffer;
        private long position;

        PositionalInputStream(ImageData data, long position, int bufferSize) {
            this.data = data;
            this.position = position;
            this.buffer = ByteBuffer.allocate(bufferSize);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            buffer.clear().limit(Math.min(len, buffer.capacity()));
            int n = data.readAt(position, buffer);
            if (n > 0) {
                assertThat(buffer.position()).as("buffer position after readAt").isEqualTo(n);
                buffer.flip().get(b, off, n);
                position += n;
            } else {
                assertThat(n).as("readAt with room").isEqualTo(-1);
            }
            return n;
        }
    }

    final void assertContent(String location, GeneratedImage image) throws IOException {
        try (ImageData data = store().get(location)) {
            assertRange(data, image, 0, image.size());
        }
    }

    /** Checks an ImageData's description and streams its bytes against the generated ones. */
    static void assertRange(ImageData data, GeneratedImage image, long offset, long length)
            throws IOException {
        assertThat(data.offset()).as("ImageData.offset()").isEqualTo(offset);
        assertThat(data.length()).as("ImageData.length()").isEqualTo(length);
        assertThat(data.imageSize()).as("ImageData.imageSize()").isEqualTo(image.size());
        try (InputStream expected = image.openStream(offset, length)) {
            assertSameBytes(expected, data, offset);
        }
    }

    /** Compares two streams chunk by chunk, naming the image position of the first difference. */
    static void assertSameBytes(InputStream expected, InputStream actual, long base) throws IOException {
        byte[] e = new byte[64 * KIB];
        byte[] a = new byte[64 * KIB];
        long position = base;
        while (true) {
            int ne = expected.readNBytes(e, 0, e.length);
            if (ne == 0) {
                int extra = actual.read();
                if (extra >= 0) {
                    fail("the store delivered bytes past the end, from image position " + position);
                }
                return;
            }
            int na = actual.readNBytes(a, 0, ne);
            if (na < ne) {
                fail("the store's data ended at image position " + (position + na) + ", expected "
                        + (ne - na) + " more bytes at least");
            }
            int mismatch = Arrays.mismatch(e, 0, ne, a, 0, na);
            if (mismatch >= 0) {
                fail("first differing byte at image position " + (position + mismatch) + ": expected "
                        + (e[mismatch] & 0xff) + ", got " + (a[mismatch] & 0xff));
            }
            position += ne;
        }
    }

    final byte[] readAll(String location) throws IOException {
        try (ImageData data = store().get(location)) {
            return data.readAllBytes();
        }
    }

    /** Flips the first hex digit, so the value stays well-formed but wrong. */
    static String corrupt(String hex) {
        char first = hex.charAt(0);
        return (first == '0' ? '1' : '0') + hex.substring(1);
    }

    /** The exception and all its causes and suppressed exceptions. */
    static Set<Throwable> causes(Throwable t) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                if (next.getCause() != null) {
                    todo.add(next.getCause());
                }
                todo.addAll(Arrays.asList(next.getSuppressed()));
            }
        }
        return seen;
    }

    final <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        List<T> values = new ArrayList<>();
        for (Outcome<T> outcome : runAllOutcomes(tasks)) {
            if (outcome.failure != null) {
                if (outcome.failure instanceof Error) {
                    throw (Error) outcome.failure;
                }
                throw new AssertionError("a concurrent task failed", outcome.failure);
            }
            values.add(outcome.value);
        }
        return values;
    }

    /** Runs tasks on their own threads and waits for all of them, bounded in time. */
    final <T> List<Outcome<T>> runAllOutcomes(List<Callable<T>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(tasks.size(), 16));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(task));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(WAIT_SECONDS, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent task did not finish in " + WAIT_SECONDS + " s: deadlock?", e);
                }
            }
            return outcomes;
        } finally {
            executor.shutdownNow();
        }
    }

    /** Waits a little for transfers ending on other threads, then requires the buffers back. */
    static void assertBuffersBack(long leasedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TransferBuffers.shared().leasedBytes() > leasedBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(TransferBuffers.shared().leasedBytes()).as("transfer buffers lent after the test (%s)",
                TransferBuffers.shared()).isLessThanOrEqualTo(leasedBefore);
    }
}
