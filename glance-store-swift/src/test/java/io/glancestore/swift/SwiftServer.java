package io.glancestore.swift;


import io.glancestore.tck.ScriptedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The throwaway Swift of the integration tests: started once per test JVM with the project's
 * {@code scripts/swift/swift.sh} (which installs the Debian packages if missing) in a folder under
 * {@code target/}, and stopped by pid when the JVM exits. Set {@code GLANCE_STORE_SWIFT_ENV} to the
 * {@code swift.env} of a running Swift to use that one instead (it is then left running). Without
 * a server the tests fail; they never skip.
 */
final class SwiftServer {

    private static SwiftServer instance;

    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String token;

    private SwiftServer(Map<String, String> env) {
        this.env = env;
    }

    static synchronized SwiftServer get() {
        if (instance == null) {
            instance = new SwiftServer(ScriptedServer.startOrReuse("Swift server", "glancestore.swift",
                    "GLANCE_STORE_SWIFT_ENV", "swift.env", "SWIFT_AUTH_URL", "SWIFT_AUTH_ADDRESS", "SWIFT_STORAGE_URL",
                    "SWIFT_USER", "SWIFT_KEY", "SWIFT_MAX_FILE_SIZE").env());
        }
        return instance;
    }

    String authUrl() {
        return env.get("SWIFT_AUTH_URL");
    }

    String authAddress() {
        return env.get("SWIFT_AUTH_ADDRESS");
    }

    String storageUrl() {
        return env.get("SWIFT_STORAGE_URL");
    }

    String user() {
        return env.get("SWIFT_USER");
    }

    String key() {
        return env.get("SWIFT_KEY");
    }

    long maxFileSize() {
        return Long.parseLong(env.get("SWIFT_MAX_FILE_SIZE"));
    }

    /** A tempauth store on this server with segments of 1 MB (1,024,000 bytes) from 2 MB on. */
    SwiftStore.Builder store(String container) {
        return SwiftStore.builder().authAddress(authUrl()).authVersion("1").user(user()).key(key())
                .container(container).createContainerOnPut(true).largeObjectSizeMB(2).largeObjectChunkSizeMB(1);
    }

    // ---- direct access, to check what the store left in Swift

    synchronized String token() {
        if (token == null) {
            HttpResponse<Void> r = send(HttpRequest.newBuilder(URI.create(authUrl())).header("X-Auth-User", user())
                    .header("X-Auth-Key", key()).GET(), HttpResponse.BodyHandlers.discarding(), false);
            token = r.headers().firstValue("X-Auth-Token").orElseThrow();
        }
        return token;
    }

    /** Sends a request with the admin token; {@code check} fails the test on a non-2xx answer. */
    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, boolean auth) {
        try {
            if (auth) {
                request.header("X-Auth-Token", token());
            }
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> request(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(storageUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b, HttpResponse.BodyHandlers.ofString(), true);
    }

    /** Object names of a container (empty if it does not exist). */
    List<String> objects(String container) {
        HttpResponse<String> r = request("GET", "/" + container, null);
        List<String> names = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    names.add(line);
                }
            }
        }
        return names;
    }

    /** Deletes every object of a container, and the container. */
    void removeContainer(String container) {
        for (String name : objects(container)) {
            request("DELETE", "/" + container + "/" + name, null);
        }
        request("DELETE", "/" + container, null);
    }
}
