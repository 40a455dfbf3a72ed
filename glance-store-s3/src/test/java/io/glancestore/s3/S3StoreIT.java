package io.glancestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.FailingInputStream;
import io.glancestore.tck.GatedInputStream;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.RecordingVerifier;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is particular to the s3 store, checked in a real RADOS Gateway: the layout of single and
 * multipart objects, which upload each size takes, and failed adds of every kind that leave
 * nothing behind: no object and no multipart upload (ListMultipartUploads), hence no orphan part.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class S3StoreIT {

    private static final long MIB = 1 << 20;
    private static final String BUCKET = "store-it";

    private static RgwServer server;
    private static S3Store store;

    @BeforeAll
    static void open() {
        server = RgwServer.get();
        store = server.store(BUCKET).build();
    }

    @AfterAll
    static void close() {
        store.close();
        server.removeBucket(BUCKET);
    }

    @AfterEach
    void nothingIsLeftBehind() {
        assertThat(server.multipartUploads(BUCKET)).as("multipart uploads in progress").isEmpty();
        server.empty(BUCKET);
    }

    private String etag(String key) {
        RgwServer.Answer head = server.request("HEAD", "/" + BUCKET + "/" + key, null);
        return head.body().lines().filter(l -> l.toLowerCase().startsWith("etag:")).findFirst().orElseThrow()
                .substring(5).strip().replace("\"", "");
    }

    @Test
    void eachSizeTakesGlanceStoresUploadAndReadsBackWhole() throws Exception {
        GeneratedImage small = GeneratedImage.of(1, 1000);
        GeneratedImage streamed = GeneratedImage.of(2, 5 * MIB + 333); // over one part, under large_object_size
        GeneratedImage large = GeneratedImage.of(3, 12 * MIB + 3); // three parts of 5, 5 and 2 MiB
        List<String> ids = new ArrayList<>();
        for (GeneratedImage image : List.of(small, streamed, large)) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            AddResult added = store.add(id, image.openStream(), image.size());
            assertThat(added.location()).isEqualTo("s3://" + server.accessKey() + ":" + server.secretKey() + "@"
                    + server.serviceAddress() + "/" + BUCKET + "/" + id);
            assertThat(added.checksum()).isEqualTo(image.md5Hex());
            try (ImageData data = store.get(added.location())) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
        }
        assertThat(server.objects(BUCKET)).containsExactlyInAnyOrderElementsOf(ids);
        // One PUT gives the object's md5 as its ETag, a multipart upload "<md5 of the part md5s>-<parts>".
        assertThat(etag(ids.get(0))).isEqualTo(small.md5Hex());
        assertThat(etag(ids.get(1))).isEqualTo(streamed.md5Hex());
        assertThat(etag(ids.get(2))).endsWith("-3");

        String location = "s3://" + server.accessKey() + ":" + server.secretKey() + "@" + server.serviceAddress()
                + "/" + BUCKET + "/" + ids.get(2);
        try (ImageData part = store.get(location, 5 * MIB - 10, MIB)) {
            assertThat(part.readAllBytes()).isEqualTo(large.bytes(5 * MIB - 10, (int) MIB));
        }
        store.delete(location);
        assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.delete(location)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUnknownSizeIsOnePutWithinAPartAndMultipartBeyond() throws Exception {
        GeneratedImage small = GeneratedImage.of(4, 4 * MIB);
        GeneratedImage big = GeneratedImage.of(5, 11 * MIB);
        String one = UUID.randomUUID().toString();
        String many = UUID.randomUUID().toString();
        String empty = UUID.randomUUID().toString();
        store.add(one, small.openStream(), ImageStore.UNKNOWN_SIZE);
        AddResult added = store.add(many, big.openStream(), ImageStore.UNKNOWN_SIZE);
        AddResult none = store.add(empty, new ByteArrayInputStream(new byte[0]), ImageStore.UNKNOWN_SIZE);

        assertThat(etag(one)).isEqualTo(small.md5Hex());
        assertThat(etag(many)).endsWith("-3");
        assertThat(added.size()).isEqualTo(big.size());
        assertThat(store.size(none.location())).isZero();
    }

    /** An add that fails in one of the ways an add can fail. */
    private interface FailedAdd {
        void run(String id) throws Exception;
    }

    private void leavesNothing(FailedAdd add, Class<? extends Throwable> failure) {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> add.run(id)).isInstanceOf(failure);
        assertThat(server.objects(BUCKET)).doesNotContain(id);
        assertThat(server.multipartUploads(BUCKET)).as("ListMultipartUploads after a failed add").isEmpty();
    }

    @Test
    void aSourceThatFailsMidwayLeavesNoObjectAndNoUpload() {
        GeneratedImage image = GeneratedImage.of(6, 16 * MIB);
        leavesNothing(id -> store.add(id, FailingInputStream.after(image.openStream(), 11 * MIB + 5), image.size()),
                SourceReadException.class);
        leavesNothing(id -> store.add(id, FailingInputStream.after(image.openStream(), 5 * MIB + 7), 5 * MIB + 100),
                SourceReadException.class);
        leavesNothing(id -> store.add(id, FailingInputStream.after(image.openStream(), 12 * MIB), -1),
                SourceReadException.class);
    }

    @Test
    void aSizeOtherThanDeclaredLeavesNoObjectAndNoUpload() {
        GeneratedImage image = GeneratedImage.of(7, 16 * MIB);
        leavesNothing(id -> store.add(id, image.openStream(), 17 * MIB), SizeMismatchException.class);
        leavesNothing(id -> store.add(id, image.openStream(), 12 * MIB), SizeMismatchException.class);
        leavesNothing(id -> store.add(id, image.openStream(), 5 * MIB + 3), SizeMismatchException.class);
        leavesNothing(id -> store.add(id, image.openStream(), 1000), SizeMismatchException.class);
    }

    @Test
    void aRejectedHashLeavesNoObjectAndNoUpload() {
        GeneratedImage image = GeneratedImage.of(8, 13 * MIB);
        for (long size : new long[] {13 * MIB, 5 * MIB + 1, 3000}) {
            leavesNothing(id -> store.add(id, image.openStream(0, size), size,
                    AddOptions.builder().verifier(RecordingVerifier.rejectingWith(
                            () -> new IllegalStateException("signature does not match"))).build()),
                    VerificationFailedException.class);
        }
    }

    @Test
    void anInterruptedAddLeavesNoObjectAndNoUpload() throws Exception {
        GeneratedImage image = GeneratedImage.of(9, 16 * MIB);
        ExecutorService adder = Executors.newSingleThreadExecutor();
        try {
            for (long pause : new long[] {11 * MIB, 2 * MIB}) {
                String id = UUID.randomUUID().toString();
                GatedInputStream gate = new GatedInputStream(image.openStream(), pause);
                AtomicReference<Thread> thread = new AtomicReference<>();
                Future<AddResult> add = adder.submit((Callable<AddResult>) () -> {
                    thread.set(Thread.currentThread());
                    return store.add(id, gate, pause == 2 * MIB ? 5 * MIB + 9 : image.size());
                });
                assertThat(gate.awaitPaused(2, TimeUnit.MINUTES)).isTrue();
                thread.get().interrupt();
                assertThatThrownBy(add::get).hasCauseInstanceOf(GlanceStoreException.class);
                assertThat(server.objects(BUCKET)).doesNotContain(id);
                assertThat(server.multipartUploads(BUCKET)).isEmpty();
            }
        } finally {
            adder.shutdownNow();
        }
    }

    @Test
    void ofTwoAddsOfOneIdExactlyOneSucceeds() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(10, 7 * MIB);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<AddResult>> adds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                adds.add(two.submit(() -> store.add(id, image.openStream(), image.size())));
            }
            int ok = 0;
            for (Future<AddResult> add : adds) {
                try {
                    add.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DuplicateException.class);
                }
            }
            assertThat(ok).isEqualTo(1);
        } finally {
            two.shutdownNow();
        }
        assertThatThrownBy(() -> store.add(id, image.openStream(), image.size())).isInstanceOf(DuplicateException.class);
        try (ImageData data = store.get("s3://" + server.accessKey() + ":" + server.secretKey() + "@"
                + server.serviceAddress() + "/" + BUCKET + "/" + id)) {
            assertThat(Digests.of(data)).isEqualTo(image.digests());
        }
    }

    @Test
    void refusedCredentialsAreAnAuthorizationFailureWithTheSecretHidden() {
        try (S3Store wrong = server.store(BUCKET).secretKey("not-the-secret-key").build()) {
            assertThatThrownBy(() -> wrong.add(UUID.randomUUID().toString(), new ByteArrayInputStream(new byte[10]), 10))
                    .isInstanceOf(AuthorizationFailureException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("not-the-secret-key"));
            String location = "s3://" + server.accessKey() + ":not-the-secret-key@" + server.serviceAddress() + "/"
                    + BUCKET + "/x";
            assertThatThrownBy(() -> wrong.size(location)).isInstanceOf(GlanceStoreException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("not-the-secret-key"));
        }
    }
}
