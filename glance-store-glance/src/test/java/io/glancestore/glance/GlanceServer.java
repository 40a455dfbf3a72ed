package io.glancestore.glance;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageStore;
import io.glancestore.StoreRegistry;
import io.glancestore.config.GlanceConfig;
import io.glancestore.keystone.TrustedIdentity;
import io.glancestore.tck.ScriptedServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway Glance of the integration tests: Debian's glance-api with two file stores
 * ({@code local}, {@code other}) and an rbd store ({@code ceph}) on its own one-node Ceph, started
 * once per test JVM by the project's {@code scripts/glance/glance-api.sh} and shared by every
 * test class; stopped by pid when the JVM exits. Set {@code GLANCE_STORE_GLANCE_ENV} to the
 * {@code glance.env} of a running one to use that instead. Without Glance the tests fail.
 *
 * <p>The SDK's stores are built from Glance's own glance-api.conf, so they have Glance's store
 * ids and see the same folders and pool. Requests claim an identity by headers, which this
 * Glance (no Keystone middleware) takes on trust, with the member and reader roles only.
 */
final class GlanceServer {

    static final String PROJECT = "0123456789abcdef0123456789abcdef";
    static final String USER = "fedcba9876543210fedcba9876543210";
    private static GlanceServer instance;

    private final ScriptedServer server;
    private final StoreRegistry stores;

    private GlanceServer(ScriptedServer server) {
        this.server = server;
        this.stores = GlanceConfig.fromGlanceApiConf(dir().resolve("glance-api.conf")).buildRegistry();
    }

    static synchronized GlanceServer get() {
        if (instance == null) {
            instance = new GlanceServer(ScriptedServer.startOrReuse("glance-api", "glancestore.glance",
                    "GLANCE_STORE_GLANCE_ENV", "glance.env", "GLANCE_DIR", "GLANCE_URL", "GLANCE_STORE_LOCAL_DIR",
                    "GLANCE_STORE_OTHER_DIR", "GLANCE_STORE_CEPH_POOL", "CEPH_CONF", "CEPH_KEYRING", "CEPH_FSID"));
            Runtime.getRuntime().addShutdownHook(new Thread(instance.stores::close, "glance test stores"));
        }
        return instance;
    }

    Path dir() {
        return Path.of(server.get("GLANCE_DIR"));
    }

    String url() {
        return server.get("GLANCE_URL");
    }

    String get(String key) {
        return server.get(key);
    }

    static TrustedIdentity identity() {
        return new TrustedIdentity(PROJECT, USER, List.of("member", "reader"));
    }

    GlanceClient client() {
        return GlanceClient.builder().endpoint(url()).trustedIdentity(identity()).build();
    }

    ImageStore store(String id) {
        return stores.store(id);
    }

    List<ImageStore> stores() {
        return stores.stores();
    }

    Path localFile(String imageId) {
        return Path.of(server.get("GLANCE_STORE_LOCAL_DIR")).resolve(imageId);
    }

    /** Creates an image through Glance's API and uploads random bytes into a store; returns its id. */
    String upload(GlanceClient glance, String name, String store, byte[] data) {
        GlanceImage created = glance.createImage(NewImage.named(name));
        glance.upload(created.id(), store, new ByteArrayInputStream(data), data.length);
        return created.id();
    }

    static byte[] randomBytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs Ceph's rbd tool as the cluster's admin. */
    String rbd(String... args) {
        List<String> line = new ArrayList<>(List.of("rbd", "--conf", server.get("CEPH_CONF"), "--keyring",
                server.get("CEPH_KEYRING"), "--id", server.get("CEPH_USER")));
        line.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("rbd", ".err");
            try {
                Process p = new ProcessBuilder(line).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean done = p.waitFor(120, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly();
                }
                assertThat(done && p.exitValue() == 0).as("%s failed: %s", line, Files.readString(err)).isTrue();
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
