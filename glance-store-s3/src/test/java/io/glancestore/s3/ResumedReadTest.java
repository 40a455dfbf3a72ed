package io.glancestore.s3;

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
 * Bodies that break or stall in the middle, which WireMock cannot play: a tiny HTTP server sends
 * part of each ranged answer, then drops the connection or goes silent past the store's request
 * timeout. The store resumes from the next byte with {@code Range} and {@code If-Match}, and
 * delivers exactly the object's bytes; an object replaced meanwhile fails the read.
 */
class ResumedReadTest {

    private static final int SIZE = 1_000_003;
    private static final int CUT = 300_007;

    private final byte[] object = GeneratedImage.of(9, SIZE).toByteArray();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int faults;
    private volatile boolean stall;
    private volatile String etag = "\"v1\"";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bkt/img", this::serve);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("ETag", etag);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(SIZE));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        requests.add(range + " " + ifMatch);
        if (ifMatch != null && !ifMatch.equals(etag)) {
            ex.sendResponseHeaders(412, -1);
            ex.close();
            return;
        }
        String[] bounds = range.substring("bytes=".length()).split("-");
        int first = Integer.parseInt(bounds[0]);
        int last = Integer.parseInt(bounds[1]);
        int length = last - first + 1;
        ex.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/" + SIZE);
        ex.sendResponseHeaders(206, length);
        OutputStream out = ex.getResponseBody();
        if (faults > 0 && length > CUT) {
            faults--;
            out.write(object, first, CUT);
            out.flush();
            if (stall) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.close(); // short of its Content-Length: the client sees a broken body
            return;
        }
        out.write(object, first, length);
        out.close();
    }

    private S3Store store(int retries) {
        return S3Store.builder().host("http://127.0.0.1:" + server.getAddress().getPort()).accessKey("AK")
                .secretKey("SK").bucket("bkt").bucketUrlFormat("path")
                .option("s3_store_retry_get_count", Integer.toString(retries))
                .option("s3_store_request_timeout_ms", "500").build();
    }

    private String location() {
        return "s3://AK:SK@127.0.0.1:" + server.getAddress().getPort() + "/bkt/img";
    }

    @Test
    void aBrokenBodyIsResumedWhereItBrokeOfTheSameVersion() throws Exception {
        faults = 2;
        try (S3Store store = store(3); ImageData data = store.get(location(), 5, SIZE - 10)) {
            assertThat(data.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(object, 5, SIZE - 5));
        }
        assertThat(requests).containsExactly("bytes=5-999997 null", "bytes=300012-999997 \"v1\"",
                "bytes=600019-999997 \"v1\"");
    }

    @Test
    void aStalledBodyIsResumedAfterTheRequestTimeout() throws Exception {
        faults = 1;
        stall = true;
        try (S3Store store = store(3); ImageData data = store.get(location())) {
            assertThat(data.readAllBytes()).isEqualTo(object);
        }
        assertThat(requests).containsExactly("bytes=0-1000002 null", "bytes=300007-1000002 \"v1\"");
    }

    @Test
    void resumptionsAreCounted() {
        faults = 3;
        try (S3Store store = store(2)) {
            assertThatThrownBy(() -> {
                try (ImageData data = store.get(location())) {
                    data.readAllBytes();
                }
            }).isInstanceOf(GlanceStoreException.class);
        }
        assertThat(requests).hasSize(3);
    }

    @Test
    void anObjectReplacedMeanwhileFailsTheReadInsteadOfSplicingTwoVersions() {
        faults = 1;
        try (S3Store store = store(3)) {
            assertThatThrownBy(() -> {
                try (ImageData data = store.get(location())) {
                    byte[] first = data.readNBytes(CUT);
                    assertThat(first).isEqualTo(java.util.Arrays.copyOf(object, CUT));
                    etag = "\"v2\"";
                    data.readAllBytes();
                }
            }).isInstanceOf(GlanceStoreException.class).hasMessageContaining("changed while it was read");
        }
    }
}
