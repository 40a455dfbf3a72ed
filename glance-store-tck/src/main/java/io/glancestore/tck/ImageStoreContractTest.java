package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageStore;
import io.glancestore.TransferBuffers;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link ImageStore} honours, as a JUnit 5 suite. A store implementation
 * checks itself by extending this class in its own test scope:
 *
 * <pre>{@code
 * class MyStoreContractTest extends ImageStoreContractTest {
 *     @Override
 *     protected ImageStore createStore() {
 *         return ImageStores.of(new MyDriver(...));
 *     }
 * }
 * }</pre>
 *
 * <p>The cases are grouped by area, one contract class per area ({@link AddContract},
 * {@link ReadsContract}, {@link HashingContract}...), composed here as nested classes so the
 * report reads as a specification; every area runs against the store this class makes and
 * checks after each test. Cases that need a capability the store does not declare are skipped through an assumption
 * that names the missing capability, so they show as skipped and never pass silently. The
 * multi-GiB cases are tagged {@value #LARGE_TAG}; lower {@link #largeImageSize()} or exclude the
 * tag where that much data cannot be stored.
 *
 * <p>Every image id is a fresh random UUID, and every image's bytes are generated from a seed
 * (see {@link GeneratedImage}), so the suite needs no fixtures and no test depends on another.
 */
@DisplayName("ImageStore contract")
public abstract class ImageStoreContractTest {

    /** Tag of the cases that stream {@link #largeImageSize()} bytes through the store. */
    public static final String LARGE_TAG = StoreContract.LARGE_TAG;

    /**
     * Default size of the large image: just over 2 GiB, so a size or offset kept in an
     * {@code int} anywhere on the path overflows and shows, and odd so it ends mid-chunk.
     */
    public static final long DEFAULT_LARGE_IMAGE_SIZE = (1L << 31) + (1L << 20) + 4099;

    private ImageStore store;
    private long leasedBefore;

    /** For subclasses. */
    protected ImageStoreContractTest() {
    }

    /**
     * A new, empty store; called before each test. It should use the default options of an
     * add (multihash {@code sha512}) and will be closed by {@link #destroyStore(ImageStore)}.
     *
     * @return the store under test
     * @throws Exception if it cannot be made; the test then errors
     */
    protected abstract ImageStore createStore() throws Exception;

    /**
     * Size of the big streamed image of the {@value #LARGE_TAG} cases. The default, a bit over
     * 2 GiB, makes int overflows show; a store that holds images in memory may lower it. A value
     * of 0 or less skips those cases, visibly.
     *
     * @return the size in bytes
     */
    protected long largeImageSize() {
        return DEFAULT_LARGE_IMAGE_SIZE;
    }

    /**
     * Closes the store after each test; override to also remove what the store left behind
     * (folders, pools, containers).
     *
     * @param store the store {@link #createStore()} made
     * @throws Exception if cleaning up fails; the test then errors
     */
    protected void destroyStore(ImageStore store) throws Exception {
        store.close();
    }

    /**
     * Gives access to the current store, for extra tests written in a subclass.
     *
     * @return the store made for the running test
     * @throws IllegalStateException outside a test
     */
    protected final ImageStore store() {
        ImageStore current = store;
        if (current == null) {
            throw new IllegalStateException("no store: store() is only available while a test runs");
        }
        return current;
    }

    /**
     * A fresh image id, as Glance makes them.
     *
     * @return a random UUID string
     */
    protected static String newImageId() {
        return StoreContract.newImageId();
    }

    /**
     * Makes the store for the next test; runs before each test, nested ones included.
     *
     * @throws Exception if {@link #createStore()} fails
     */
    @BeforeEach
    protected final void setUpStore() throws Exception {
        leasedBefore = TransferBuffers.shared().leasedBytes();
        ImageStore created = createStore();
        assertThat(created).as("createStore() must return a store").isNotNull();
        store = created;
    }

    /**
     * Hands the store to {@link #destroyStore(ImageStore)} after each test, then checks that
     * every transfer buffer the test's adds and reads borrowed is back in the shared pool
     * ({@link TransferBuffers}), whatever failed: a store must not leak them on any path.
     *
     * @throws Exception if {@link #destroyStore(ImageStore)} fails
     */
    @AfterEach
    protected final void tearDownStore() throws Exception {
        ImageStore current = store;
        store = null;
        if (current != null) {
            destroyStore(current);
        }
        StoreContract.assertBuffersBack(leasedBefore);
    }

    /** What {@code add} returns and how it treats its source. */
    @Nested
    @DisplayName("Adding images")
    public class Add extends AddContract {

        /** For JUnit. */
        public Add() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** Empty, tiny, chunk-boundary and mismatching sizes. */
    @Nested
    @DisplayName("Image sizes")
    public class Sizes extends SizesContract {

        /** For JUnit. */
        public Sizes() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** An image of {@link #largeImageSize()} bytes, generated on the fly, never in memory. */
    @Nested
    @Tag(LARGE_TAG)
    @DisplayName("Large images")
    public class LargeImages extends LargeImagesContract {

        /** For JUnit. */
        public LargeImages() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** The md5 checksum and the multihash, against published test vectors. */
    @Nested
    @DisplayName("Checksums and multihash")
    public class Hashing extends HashingContract {

        /** For JUnit. */
        public Hashing() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** Whole reads, ranges, and the edges of ranges. */
    @Nested
    @DisplayName("Reading and ranges")
    public class Reads extends ReadsContract {

        /** For JUnit. */
        public Reads() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** Delete, and what is left after it. */
    @Nested
    @DisplayName("Deleting images")
    public class Delete extends DeleteContract {

        /** For JUnit. */
        public Delete() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** Ids, duplicates, missing images and failing sources. */
    @Nested
    @DisplayName("Errors and image ids")
    public class Errors extends ErrorsContract {

        /** For JUnit. */
        public Errors() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** What the store declares, and the refusals that follow from what it lacks. */
    @Nested
    @DisplayName("Capabilities")
    public class Capabilities extends CapabilitiesContract {

        /** For JUnit. */
        public Capabilities() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** Many threads on one store instance. */
    @Nested
    @DisplayName("Concurrency")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    public class Concurrency extends ConcurrencyContract {

        /** For JUnit. */
        public Concurrency() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /**
     * The shared transfer buffers ({@link TransferBuffers}): an add borrows at most 1 MiB of
     * them, and every buffer is back when a failed add or read returns, whatever failed.
     */
    @Nested
    @DisplayName("Transfer buffers")
    public class Buffers extends BuffersContract {

        /** For JUnit. */
        public Buffers() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** Verifiers and progress listeners of adds, and expected hashes and progress of reads. */
    @Nested
    @DisplayName("Verifiers, progress and read checks")
    public class Verification extends VerificationContract {

        /** For JUnit. */
        public Verification() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }

    /** The location URIs add returns, and URIs that are not the store's. */
    @Nested
    @DisplayName("Locations")
    public class LocationUris extends LocationUrisContract {

        /** For JUnit. */
        public LocationUris() {
            super(ImageStoreContractTest.this::store, ImageStoreContractTest.this::largeImageSize);
        }
    }
}
