package io.glancestore.vmware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageStore;
import io.glancestore.ImageStores;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.spi.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that resets the connection in the middle of an upload's body: the add fails with a
 * typed error while the caller is still sending, and nothing is published.
 */
class TornUploadTest {

    private static final int TEAR_AFTER = 1 << 20;

    private ServerSocket listener;
    private Thread serving;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "tearing-server");
        serving.setDaemon(true);
        serving.start();
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        serving.join(10_000);
    }

    /** Answers HEAD with 404; reads 1 MiB of a PUT's body, then resets the connection. */
    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        break;
                    }
                    if (head.startsWith("HEAD ")) {
                        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        continue;
                    }
                    long read = 0;
                    byte[] buffer = new byte[8192];
                    while (read < TEAR_AFTER) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        read += n;
                    }
                    socket.setSoLinger(true, 0);
                    break;
                }
            } catch (IOException e) {
                // Closed by stop(), or the client went away.
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    @Test
    void aConnectionResetMidUploadFailsTypedAndPublishesNothing() {
        FakeVsphere vsphere = new FakeVsphere();
        VmwareStoreConfig config = VmwareStoreConfig.from(StoreOptions.of("test", Map.of(
                "vmware_server_host", "127.0.0.1:" + listener.getLocalPort(), "vmware_server_username", "glance",
                "vmware_server_password", "s3cret", "vmware_datastores", "dc1:ds1")));
        ImageStore store = ImageStores.of(new VmwareStoreDriver(config, vsphere, TlsSettings.of(config.caFile(), false),
                "http://127.0.0.1:" + listener.getLocalPort()));
        byte[] image = new byte[64 << 20];
        new Random(3).nextBytes(image);

        assertThatThrownBy(() -> store.add("torn", new ByteArrayInputStream(image), image.length))
                .isInstanceOf(RemoteServiceUnavailableException.class).hasMessageContaining("PUT");

        assertThat(vsphere.calls).noneMatch(call -> call.startsWith("move"));
        assertThat(vsphere.calls).anyMatch(call -> call.matches("delete \\[ds1\\] openstack_glance/\\.torn\\..*\\.partial"));
    }
}
