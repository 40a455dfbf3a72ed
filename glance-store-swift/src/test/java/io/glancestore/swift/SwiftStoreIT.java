package io.glancestore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.swift.SwiftLocation;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to the swift store, checked in a real Swift: the object layout of segmented
 * images (glance_store's names and DLO manifest), reading and deleting large objects written by
 * other tools (DLO with segments elsewhere, SLO), multi-tenant and multi-container modes,
 * swift+config locations, a missing container, Swift's size limit and refused credentials.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SwiftStoreIT {

    private static final long MB = 1_024_000;

    private final SwiftServer server = SwiftServer.get();
    private final List<String> containers = new ArrayList<>();
    private String container;

    @TempDir
    Path tmp;

    @BeforeEach
    void container() {
        container = use("it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void cleanUp() {
        containers.forEach(server::removeContainer);
    }

    private String use(String name) {
        containers.add(name);
        return name;
    }

    @Test
    void segmentedImageIsLaidOutAsGlanceLaysItOut() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 5 * MB + 17);
        String id = UUID.randomUUID().toString();
        try (SwiftStore store = server.store(container).build()) {
            AddResult added = store.add(id, image.openStream(), image.size());

            assertThat(added.location()).isEqualTo("swift+http://test%3Atester:" + server.key() + "@"
                    + server.authAddress() + "/" + container + "/" + id);
            assertThat(server.objects(container)).containsExactly(id, id + "-00001", id + "-00002", id + "-00003",
                    id + "-00004", id + "-00005", id + "-00006");
            HttpResponse<String> head = server.request("HEAD", "/" + container + "/" + id, null);
            assertThat(head.headers().firstValue("X-Object-Manifest")).hasValue(container + "/" + id + "-");
            assertThat(server.request("HEAD", "/" + container + "/" + id + "-00001", null).headers()
                    .firstValueAsLong("Content-Length").orElseThrow()).isEqualTo(MB);
            assertThat(added.checksum()).isEqualTo(image.md5Hex())
                    .isNotEqualTo(head.headers().firstValue("Etag").orElse("").replace("\"", ""));
            try (ImageData data = store.get(added.location(), 3 * MB - 5, MB + 10)) {
                assertThat(data.readAllBytes()).isEqualTo(image.bytes(3 * MB - 5, (int) MB + 10));
            }

            store.delete(added.location());
            assertThat(server.objects(container)).isEmpty();
        }
    }

    @Test
    void unknownSizeIsSegmentedAndAnEmptyOneIsAPlainObject() throws Exception {
        GeneratedImage image = GeneratedImage.of(2, MB + 1);
        try (SwiftStore store = server.store(container).build()) {
            String id = UUID.randomUUID().toString();
            AddResult added = store.add(id, image.openStream(), ImageStore.UNKNOWN_SIZE);
            assertThat(server.objects(container)).containsExactly(id, id + "-00001", id + "-00002");
            try (ImageData data = store.get(added.location())) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
            String empty = UUID.randomUUID().toString();
            AddResult none = store.add(empty, new java.io.ByteArrayInputStream(new byte[0]), ImageStore.UNKNOWN_SIZE);
            assertThat(store.size(none.location())).isZero();
            assertThat(server.objects(container)).contains(empty).doesNotContain(empty + "-00001");
        }
    }

    @Test
    void readsAndDeletesAStaticLargeObject() throws Exception {
        byte[] one = GeneratedImage.of(3, 1_100_000).toByteArray();
        byte[] two = GeneratedImage.of(4, 700_001).toByteArray();
        String segments = use(container + "-segments");
        server.request("PUT", "/" + segments, null);
        server.request("PUT", "/" + container, null);
        assertThat(server.request("PUT", "/" + segments + "/slo/1", one).statusCode()).isEqualTo(201);
        assertThat(server.request("PUT", "/" + segments + "/slo/2", two).statusCode()).isEqualTo(201);
        String manifest = "[{\"path\": \"/" + segments + "/slo/1\"}, {\"path\": \"/" + segments + "/slo/2\"}]";
        assertThat(server.request("PUT", "/" + container + "/slo?multipart-manifest=put",
                manifest.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        String location = SwiftLocation.withCredentials("swift+http", server.user(), server.key(),
                server.authAddress(), container, "slo").uri();
        byte[] all = new byte[one.length + two.length];
        System.arraycopy(one, 0, all, 0, one.length);
        System.arraycopy(two, 0, all, one.length, two.length);

        try (SwiftStore store = server.store(container).build()) {
            assertThat(store.size(location)).isEqualTo(all.length);
            try (ImageData data = store.get(location)) {
                assertThat(data.readAllBytes()).isEqualTo(all);
            }
            try (ImageData data = store.get(location, one.length - 3, 10)) {
                assertThat(data.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, one.length - 3,
                        one.length + 7));
            }
            store.delete(location);
            assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
        }
        assertThat(server.objects(segments)).isEmpty();
        assertThat(server.objects(container)).isEmpty();
    }

    @Test
    void readsAndDeletesADynamicLargeObjectWithSegmentsElsewhere() throws Exception {
        String segments = use(container + "_segments");
        server.request("PUT", "/" + segments, null);
        server.request("PUT", "/" + container, null);
        server.request("PUT", "/" + segments + "/dlo/a/00000000", "hello, ".getBytes(StandardCharsets.UTF_8));
        server.request("PUT", "/" + segments + "/dlo/a/00000001", "world".getBytes(StandardCharsets.UTF_8));
        server.request("PUT", "/" + segments + "/other", "keep".getBytes(StandardCharsets.UTF_8));
        server.request("PUT", "/" + container + "/dlo", new byte[0], "X-Object-Manifest", segments + "/dlo/a/");
        String location = SwiftLocation.withCredentials("swift+http", server.user(), server.key(),
                server.authAddress(), container, "dlo").uri();
        try (SwiftStore store = server.store(container).build()) {
            try (ImageData data = store.get(location)) {
                assertThat(new String(data.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
            }
            store.delete(location);
        }
        assertThat(server.objects(segments)).containsExactly("other");
        assertThat(server.objects(container)).isEmpty();
    }

    @Test
    void deleteLeavesImagesWhoseIdsStartWithTheDeletedId() throws Exception {
        try (SwiftStore store = server.store(container).build()) {
            GeneratedImage image = GeneratedImage.of(5, 3 * MB);
            AddResult shortId = store.add("abc", image.openStream(), image.size());
            AddResult longer = store.add("abc-def", image.openStream(), image.size());
            store.delete(shortId.location());
            try (ImageData data = store.get(longer.location())) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
        }
    }

    @Test
    void multiTenantPutsEachImageInItsOwnContainer() throws Exception {
        String id = UUID.randomUUID().toString();
        use(container + "_" + id);
        GeneratedImage image = GeneratedImage.of(6, 2 * MB + 3);
        try (SwiftStore store = server.store(container).multiTenant(true).createContainerOnPut(false).build()) {
            AddResult added = store.add(id, image.openStream(), image.size());
            assertThat(added.location()).isEqualTo(server.storageUrl().replace("http://", "swift+http://") + "/"
                    + container + "_" + id + "/" + id);
            assertThat(server.objects(container + "_" + id)).contains(id, id + "-00001");
            try (ImageData data = store.get(added.location())) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
            store.delete(added.location());
            assertThat(server.request("HEAD", "/" + container + "_" + id, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void multipleContainersSeedSpreadsImagesByIdPrefix() throws Exception {
        String id = "Ab-cdef" + UUID.randomUUID();
        use(container + "_ab-c");
        try (SwiftStore store = server.store(container).multipleContainersSeed(3).build()) {
            AddResult added = store.add(id, new java.io.ByteArrayInputStream(new byte[] {1, 2}), 2);
            assertThat(added.location()).endsWith("/" + container + "_ab-c/" + id);
            assertThat(server.objects(container + "_ab-c")).containsExactly(id);
        }
    }

    @Test
    void configFileReferencesAreWrittenAsSwiftConfigLocations() throws Exception {
        Path conf = tmp.resolve("glance-swift.conf");
        Files.writeString(conf, "[ref1]\nauth_version = 1\nauth_address = " + server.authUrl() + "\nuser = "
                + server.user() + "\nkey = \"" + server.key() + "\"\n");
        GeneratedImage image = GeneratedImage.of(7, 4099);
        try (SwiftStore store = SwiftStore.builder().configFile(conf, "ref1").container(container)
                .createContainerOnPut(true).build()) {
            String id = UUID.randomUUID().toString();
            AddResult added = store.add(id, image.openStream(), image.size());
            assertThat(added.location()).isEqualTo("swift+config://ref1/" + container + "/" + id);
            try (ImageData data = store.get(added.location())) {
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
        }
    }

    @Test
    void aMissingContainerIsNotCreatedWhenCreateOnPutIsOff() throws Exception {
        try (SwiftStore store = server.store(container).createContainerOnPut(false).build()) {
            assertThatThrownBy(() -> store.add(UUID.randomUUID().toString(),
                    new java.io.ByteArrayInputStream(new byte[10]), 10))
                    .isInstanceOf(BackendException.class).hasMessageContaining("swift_store_create_container_on_put");
        }
        assertThat(server.request("HEAD", "/" + container, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anObjectOverSwiftsLimitIsStorageFull() throws Exception {
        long size = server.maxFileSize() + 1;
        try (SwiftStore store = server.store(container).largeObjectSizeMB(1_000).build()) {
            String id = UUID.randomUUID().toString();
            assertThatThrownBy(() -> store.add(id, GeneratedImage.of(8, size).openStream(), size))
                    .isInstanceOf(StorageFullException.class);
            assertThat(server.objects(container)).isEmpty();
        }
    }

    @Test
    void aWrongKeyIsAnAuthorizationFailureThatNamesNoKey() {
        try (SwiftStore store = server.store(container).key("wrong-secret").build()) {
            assertThatThrownBy(() -> store.add(UUID.randomUUID().toString(),
                    new java.io.ByteArrayInputStream(new byte[10]), 10))
                    .isInstanceOf(AuthorizationFailureException.class)
                    .satisfies(e -> assertThat(e.toString()).doesNotContain("wrong-secret"));
        }
    }
}
