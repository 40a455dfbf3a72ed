package io.glancestore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.glancestore.ImageData;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that break in the middle of a body, which WireMock cannot play: a tiny HTTP server
 * sends part of each ranged answer and then drops the connection. The store resumes from the
 * next byte and delivers exactly the object's bytes, up to {@code swift_store_retry_get_count}
 * times.
 */
class ResumedReadTest {

    private static final int SIZE = 1_000_003;
    private static final int CUT = 300_007;

    private final byte[] object = GeneratedImage.of(9, SIZE).toByteArray();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int breaks;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/v1.0", ex -> {
            ex.getResponseHeaders().add("X-Auth-Token", "t");
            ex.getResponseHeaders().add("X-Storage-Url", "http://127.0.0.1:" + port() + "/v1/AUTH_t");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/v1/AUTH_t/glance/img", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(SIZE));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range);
        String[] bounds = range.substring("bytes=".length()).split("-");
        int first = Integer.parseInt(bounds[0]);
        int last = Integer.parseInt(bounds[1]);
        int length = last - first + 1;
        ex.sendResponseHeaders(206, length);
        OutputStream out = ex.getResponseBody();
        if (breaks > 0) {
            breaks--;
            out.write(object, first, Math.min(CUT, length));
            out.flush();
            // Drop the connection with the body unfinished.
            ex.close();
            return;
        }
        out.write(object, first, length);
        out.close();
    }

    private SwiftStore store(int retries) {
        return SwiftStore.builder().authAddress("http://127.0.0.1:" + port() + "/auth/v1.0").authVersion("1")
                .user("t:u").key("k").retryGetCount(retries).build();
    }

    private String location() {
        return "swift+http://t%3Au:k@127.0.0.1:" + port() + "/auth/v1.0/glance/img";
    }

    @Test
    void aBrokenDownloadIsResumedWhereItBroke() throws Exception {
        breaks = 2;
        try (SwiftStore store = store(3); ImageData data = store.get(location())) {
            assertThat(data.readAllBytes()).isEqualTo(object);
        }
        assertResumed(0, SIZE - 1, 3);
    }

    @Test
    void aRangedDownloadIsResumedWithinItsRange() throws Exception {
        breaks = 1;
        try (SwiftStore store = store(1); ImageData data = store.get(location(), 1000, 500_000)) {
            assertThat(data.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(object, 1000, 501_000));
        }
        assertResumed(1000, 500_999, 2);
    }

    /**
     * Each resumption asks for the rest of the range from where the bytes stopped arriving (the
     * client may have received less than the server wrote before the connection dropped).
     */
    private void assertResumed(long first, long last, int requests) {
        assertThat(ranges).hasSize(requests);
        long previous = -1;
        for (String range : ranges) {
            assertThat(range).startsWith("bytes=").endsWith("-" + last);
            long start = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
            if (previous < 0) {
                assertThat(start).isEqualTo(first);
            } else {
                assertThat(start).isGreaterThan(previous).isLessThanOrEqualTo(previous + CUT);
            }
            previous = start;
        }
    }

    @Test
    void moreBreaksThanRetriesFailTheRead() throws Exception {
        breaks = 3;
        try (SwiftStore store = store(2); ImageData data = store.get(location())) {
            assertThatThrownBy(data::readAllBytes).isInstanceOfAny(IOException.class, GlanceStoreException.class);
        }
        assertThat(ranges).hasSize(3);
    }
}
