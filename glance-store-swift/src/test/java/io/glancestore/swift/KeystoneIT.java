package io.glancestore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keystone v3 against a real Keystone and a real Swift that accepts its tokens (both started by
 * {@code scripts/swift/swift.sh} with {@code SWIFT_KEYSTONE=1}): a password through OpenStack4j
 * and an application credential, each finding Swift in Keystone's catalog and writing, reading
 * and deleting a segmented image there; refused credentials are authorization failures.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KeystoneIT {

    private static final long MB = 1_024_000;
    private static Map<String, String> started;

    /** Started here, outside the tests' time limit: Keystone alone takes from 20 s to minutes. */
    private final Map<String, String> env = server();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> containers = new ArrayList<>();
    private String container;

    private static synchronized Map<String, String> server() {
        if (started == null) {
            String reuse = System.getenv("GLANCE_STORE_SWIFT_KEYSTONE_ENV");
            String[] keys = {"KEYSTONE_URL", "KEYSTONE_USER", "KEYSTONE_PROJECT", "KEYSTONE_PASSWORD",
                "KEYSTONE_APP_CREDENTIAL_ID", "KEYSTONE_APP_CREDENTIAL_SECRET", "SWIFT_KEYSTONE_STORAGE_URL"};
            if (reuse != null && !reuse.isBlank()) {
                started = ScriptedServer.readEnv(Path.of(reuse), keys);
            } else {
                String script = System.getProperty("glancestore.swift.script");
                String dir = System.getProperty("glancestore.swift.keystone.dir");
                assertThat(script).as("system property glancestore.swift.script (set by failsafe)").isNotBlank();
                assertThat(dir).as("system property glancestore.swift.keystone.dir (set by failsafe)").isNotBlank();
                started = ScriptedServer.start("Swift server with Keystone", Path.of(script), Path.of(dir), "swift.env",
                        Map.of("SWIFT_KEYSTONE", "1"), keys).env();
            }
        }
        return started;
    }

    @BeforeEach
    void container() {
        container = "keystone-it-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(container);
    }

    @AfterEach
    void cleanUp() {
        for (String c : containers) {
            for (String name : objects(c)) {
                swift("DELETE", "/" + c + "/" + name);
            }
            swift("DELETE", "/" + c);
        }
    }

    /** A store of the test project, segments of 1 MB from 2 MB on, without credentials. */
    private SwiftStore.Builder store() {
        return SwiftStore.builder().authAddress(env.get("KEYSTONE_URL")).authVersion("3")
                .container(container).createContainerOnPut(true).largeObjectSizeMB(2).largeObjectChunkSizeMB(1);
    }

    private SwiftStore.Builder passwordStore() {
        return store().user(env.get("KEYSTONE_PROJECT") + ":" + env.get("KEYSTONE_USER"))
                .key(env.get("KEYSTONE_PASSWORD"));
    }

    @Test
    void aPasswordThroughOpenStack4jReachesSwiftThroughTheCatalog() throws Exception {
        try (SwiftStore store = passwordStore().build()) {
            roundTrip(store, 5 * MB + 3);
        }
    }

    @Test
    void anApplicationCredentialReachesSwiftThroughTheCatalog() throws Exception {
        try (SwiftStore store = store().applicationCredential(env.get("KEYSTONE_APP_CREDENTIAL_ID"))
                .key(env.get("KEYSTONE_APP_CREDENTIAL_SECRET")).build()) {
            roundTrip(store, 2 * MB + 1);
        }
    }

    @Test
    void refusedCredentialsAreAuthorizationFailuresThatNameNoSecret() {
        try (SwiftStore wrongPassword = passwordStore().key("not-the-password").build();
                SwiftStore wrongProject = passwordStore().user("no-such-project:" + env.get("KEYSTONE_USER")).build()) {
            for (SwiftStore store : List.of(wrongPassword, wrongProject)) {
                assertThatThrownBy(() -> store.add(UUID.randomUUID().toString(),
                        new ByteArrayInputStream(new byte[10]), 10))
                        .isInstanceOf(AuthorizationFailureException.class)
                        .satisfies(x -> assertThat(x.toString()).doesNotContain("not-the-password")
                                .doesNotContain(env.get("KEYSTONE_PASSWORD")));
            }
        }
        assertThat(objects(container)).isEmpty();
    }

    /** Adds a segmented image, checks what Swift holds under the project, reads it back, deletes it. */
    private void roundTrip(SwiftStore store, long size) throws Exception {
        GeneratedImage image = GeneratedImage.of(size, size);
        String id = UUID.randomUUID().toString();
        AddResult added = store.add(id, image.openStream(), image.size());
        assertThat(added.checksum()).isEqualTo(image.md5Hex());
        assertThat(objects(container)).hasSize(1 + (int) ((size + MB - 1) / MB)).contains(id, id + "-00001");
        try (ImageData data = store.get(added.location())) {
            assertThat(Digests.of(data)).isEqualTo(image.digests());
        }
        try (ImageData data = store.get(added.location(), MB - 2, 5)) {
            assertThat(data.readAllBytes()).isEqualTo(image.bytes(MB - 2, 5));
        }
        store.delete(added.location());
        assertThat(objects(container)).isEmpty();
    }

    // ---- direct access with a token of the test project, to check what the store left in Swift

    private List<String> objects(String c) {
        HttpResponse<String> r = swift("GET", "/" + c);
        List<String> names = new ArrayList<>();
        if (r.statusCode() == 200) {
            r.body().lines().filter(line -> !line.isBlank()).forEach(names::add);
        }
        return names;
    }

    private HttpResponse<String> swift(String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.get("SWIFT_KEYSTONE_STORAGE_URL") + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Auth-Token", token());
        return send(request);
    }

    private String token() {
        String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \""
                + env.get("KEYSTONE_USER") + "\", \"domain\": {\"id\": \"default\"}, \"password\": \""
                + env.get("KEYSTONE_PASSWORD") + "\"}}}, \"scope\": {\"project\": {\"name\": \""
                + env.get("KEYSTONE_PROJECT") + "\", \"domain\": {\"id\": \"default\"}}}}}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(env.get("KEYSTONE_URL") + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as("Keystone token for the test project").isEqualTo(201);
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(x);
        }
    }
}
