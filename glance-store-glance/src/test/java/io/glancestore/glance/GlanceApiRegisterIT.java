package io.glancestore.glance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.copy.ExpectedHashes;
import io.glancestore.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Images added by the SDK to the rbd store are registered in Glance (image create, then a
 * location with the SDK's hashes as validation data): Glance shows the SDK's checksum and
 * os_hash and serves the bytes unchanged. File stores are refused with a typed error before
 * anything is created, as Glance refuses {@code file://} locations in its API.
 */
class GlanceApiRegisterIT {

    static GlanceServer server;
    static GlanceClient glance;
    static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void glance() {
        server = GlanceServer.get();
        glance = server.client();
    }

    @AfterAll
    static void deleteImages() {
        created.forEach(id -> {
            try {
                glance.deleteImage(id);
            } catch (NotFoundException e) {
                // a test deleted it
            }
        });
    }

    static String sha512(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    }

    static byte[] downloadThroughGlance(String imageId) throws IOException {
        try (ImageData data = glance.download(glance.image(imageId))) {
            return data.readAllBytes();
        }
    }

    @Test
    void anImageAddedToRbdByTheSdkIsServedByGlanceWithTheSdksHashes() throws Exception {
        byte[] data = GlanceServer.randomBytes(21, 6 * 1024 * 1024 + 5);
        GlanceImage image = GlanceImageRegistrar.create(glance).register(NewImage.named("registered-by-sdk"),
                server.store("ceph"), new ByteArrayInputStream(data), data.length);
        created.add(image.id());

        assertThat(image.active()).isTrue();
        assertThat(image.size()).isEqualTo(data.length);
        assertThat(image.checksum()).isEqualTo(GlanceServer.md5(data));
        assertThat(image.osHashAlgo()).isEqualTo("sha512");
        assertThat(image.osHashValue()).isEqualTo(sha512(data));
        assertThat(image.stores()).containsExactly("ceph");
        assertThat(image.locations()).singleElement().satisfies(l -> {
            assertThat(l.url()).startsWith("rbd://").contains(image.id());
            assertThat(l.store()).contains("ceph");
        });
        assertThat(downloadThroughGlance(image.id())).isEqualTo(data);
        // The same record as a fresh GET shows it.
        assertThat(glance.image(image.id()).checksum()).isEqualTo(GlanceServer.md5(data));
    }

    @Test
    void dataTheSdkAddedEarlierIsRegisteredAsALocationOfAnExistingRecord() throws Exception {
        byte[] data = GlanceServer.randomBytes(22, 3 * 1024 * 1024);
        GlanceImage queued = glance.createImage(NewImage.named("registered-later").withFormats("raw", "bare"));
        created.add(queued.id());
        assertThat(queued.status()).isEqualTo("queued");
        ImageStore ceph = server.store("ceph");
        AddResult added = ceph.add(queued.id(), new ByteArrayInputStream(data), data.length, AddOptions.defaults());

        GlanceImage image = GlanceImageRegistrar.create(glance).registerLocation(queued.id(), "ceph", added);
        assertThat(image.active()).isTrue();
        assertThat(image.checksum()).isEqualTo(added.checksum());
        assertThat(image.osHashValue()).isEqualTo(added.multihash());
        assertThat(downloadThroughGlance(image.id())).isEqualTo(data);
        assertThat(glance.image(queued.id()).locations()).hasSize(1);
    }

    @Test
    void fileStoresAreRefusedBeforeAnythingIsCreated() {
        int before = glance.images().size();
        byte[] data = GlanceServer.randomBytes(23, 1024);
        assertThatThrownBy(() -> GlanceImageRegistrar.create(glance).register(NewImage.named("file-refused"),
                server.store("local"), new ByteArrayInputStream(data), data.length))
                .isInstanceOf(UnsupportedLocationException.class).hasMessageContaining("file store")
                .hasMessageContaining("copy-image");
        assertThat(glance.images()).hasSize(before);

        GlanceImage queued = glance.createImage(NewImage.named("file-location-refused"));
        created.add(queued.id());
        assertThatThrownBy(() -> glance.addLocation(queued.id(), "file:///etc/hostname", "local",
                ExpectedHashes.none())).isInstanceOf(UnsupportedLocationException.class);
        assertThat(glance.image(queued.id()).status()).isEqualTo("queued");
    }
}
