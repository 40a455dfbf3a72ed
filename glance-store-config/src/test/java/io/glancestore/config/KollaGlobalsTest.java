package io.glancestore.config;

import static io.glancestore.config.GlanceApiConfTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kolla's rendering of its glance role, from globals.yml. */
class KollaGlobalsTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsGiveAFileStoreInTheGlanceVolumeAndNoCache() {
        GlanceConfig c = GlanceConfig.fromKollaGlobals(sample("kolla-default.yml"));
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("file");
        assertThat(c.defaultBackend()).isEqualTo("file");
        assertThat(c.backend("file").orElseThrow().options())
                .containsExactly(java.util.Map.entry("filesystem_store_datadir", "/var/lib/glance/images/"));
        assertThat(c.cache()).isEmpty();
        assertThat(c.notes()).anyMatch(n -> n.contains("container volume"))
                .anyMatch(n -> n.contains("http:http"));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void cephTurnsFileOffAndBecomesTheDefault() {
        GlanceConfig c = GlanceConfig.fromKollaGlobals(sample("kolla-ceph.yml"));
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("rbd");
        assertThat(c.defaultBackend()).isEqualTo("rbd");
        assertThat(c.backend("rbd").orElseThrow().options())
                .containsEntry("rbd_store_user", "glance-client")
                .containsEntry("rbd_store_pool", "glance-images")
                .containsEntry("rbd_store_ceph_conf", "/etc/ceph/prod.conf");
        assertThat(c.cache().orElseThrow().maxSize()).isEqualTo(5_368_709_120L);
        assertThat(c.cache().orElseThrow().dir()).isEqualTo(Path.of("/var/lib/glance/image-cache"));
        assertThat(c.notes()).anyMatch(n -> n.contains("advises against the image cache in front of Ceph"));
    }

    @Test
    void cephAndFileTogetherWithAHostPathVolume() {
        GlanceConfig c = GlanceConfig.fromKollaGlobals(sample("kolla-ceph-and-file.yml"));
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("file", "rbd");
        assertThat(c.defaultBackend()).isEqualTo("rbd");
        assertThat(c.backend("file").orElseThrow().options())
                .containsEntry("filesystem_store_datadir", "/srv/glance-shared/images/");
        assertThat(c.backend("rbd").orElseThrow().options())
                .containsEntry("rbd_store_user", "glance").containsEntry("rbd_store_pool", "images")
                .containsEntry("rbd_store_ceph_conf", "/etc/ceph/ceph.conf");
        assertThat(c.cache().orElseThrow().dir()).isEqualTo(Path.of("/srv/glance-shared/image-cache"));
        assertThat(c.cache().orElseThrow().maxSize()).isEqualTo(10_737_418_240L);
    }

    @Test
    void swiftFollowsEnableSwift() {
        GlanceConfig c = GlanceConfig.fromKollaGlobals(sample("kolla-swift.yml"));
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("swift");
        assertThat(c.defaultBackend()).isEqualTo("swift");
        assertThat(c.backend("swift").orElseThrow().options())
                .containsEntry("swift_store_container", "glance")
                .containsEntry("swift_store_config_file", "/etc/glance/glance-swift.conf")
                .containsEntry("default_swift_reference", "swift")
                .containsEntry("swift_store_region", "RegionTwo")
                .containsEntry("swift_store_create_container_on_put", "True");
    }

    @Test
    void vmwareIsTheDefaultAndItsPasswordNeverShows() {
        GlanceConfig c = GlanceConfig.fromKollaGlobals(sample("kolla-vmware.yml"));
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("vmware");
        assertThat(c.defaultBackend()).isEqualTo("vmware");
        assertThat(c.backend("vmware").orElseThrow().options())
                .containsEntry("vmware_server_host", "10.0.0.5")
                .containsEntry("vmware_server_username", "admin@vsphere.local")
                .containsEntry("vmware_server_password", "vcenter-secret")
                .containsEntry("vmware_datastores", "dc1:datastore1")
                .containsEntry("vmware_insecure", "True");
        assertThat(c.describe() + c).doesNotContain("vcenter-secret").contains("vmware_server_password = ***");
    }

    @Test
    void theDefaultBackendCanBeChosenAndSwiftAddedToFile() throws IOException {
        Path f = tmp.resolve("globals.yml");
        Files.writeString(f, "glance_backend_swift: \"yes\"\nglance_backend_file: \"yes\"\n"
                + "glance_default_backend: \"file\"\n");
        GlanceConfig c = GlanceConfig.fromKollaGlobals(f);
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("file", "swift");
        assertThat(c.defaultBackend()).isEqualTo("file");
    }

    @Test
    void templatesAndUnknownGlanceKeysAreReportedWithTheirLine() throws IOException {
        Path f = tmp.resolve("globals.yml");
        Files.writeString(f, "---\nglance_backend_ceph: \"{{ enable_ceph | bool }}\"\nglance_backnd_file: \"yes\"\n"
                + "nova_backend_ceph: \"yes\"\n");
        GlanceConfig c = GlanceConfig.fromKollaGlobals(f);
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("file");
        assertThat(c.warnings()).hasSize(2);
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(f + ":2: ")
                .contains("glance_backend_ceph").contains("Jinja"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(f + ":3: ")
                .contains("glance_backnd_file"));
        assertThatThrownBy(() -> GlanceConfig.loader().strict(true).kollaGlobals(f))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.line()).isEqualTo(3));
    }

    @Test
    void loadChoosesTheReaderByExtension() {
        assertThat(GlanceConfig.load(sample("kolla-ceph.yml")).defaultBackend()).isEqualTo("rbd");
        assertThat(GlanceConfig.load(sample("multi-store.conf")).defaultBackend()).isEqualTo("fast");
    }

    @Test
    void s3TurnsFileOffAndItsKeysAreTheS3StoresOptionsWithTheSecretHidden() {
        GlanceConfig c = GlanceConfig.fromKollaGlobals(sample("kolla-s3.yml"));
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("s3");
        assertThat(c.defaultBackend()).isEqualTo("s3");
        assertThat(c.backend("s3").orElseThrow().type()).isEqualTo("s3");
        assertThat(c.backend("s3").orElseThrow().options())
                .containsEntry("s3_store_host", "http://rgw.example.com:7480")
                .containsEntry("s3_store_access_key", "KOLLAACCESSKEY")
                .containsEntry("s3_store_secret_key", "kolla-s3-secret")
                .containsEntry("s3_store_bucket", "glance-images");
        // The s3 driver is on the class path: its options are checked statically, without S3.
        assertThat(c.validate()).isEmpty();
        assertThat(c.backendsWithoutDriver(getClass().getClassLoader())).isEmpty();
        assertThat(c.describe() + c).doesNotContain("kolla-s3-secret").doesNotContain("KOLLAACCESSKEY");
    }

    @Test
    void kollaS3KeysFallBackToTheSharedS3Variables() throws IOException {
        Path f = tmp.resolve("globals.yml");
        Files.writeString(f, "glance_backend_s3: \"yes\"\nglance_backend_file: \"yes\"\n"
                + "s3_url: \"https://s3.example.com\"\ns3_bucket: \"ab\"\ns3_access_key: \"AK\"\n"
                + "s3_secret_key: \"SK\"\n");
        GlanceConfig c = GlanceConfig.fromKollaGlobals(f);
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("s3", "file");
        assertThat(c.backend("s3").orElseThrow().options()).containsEntry("s3_store_host", "https://s3.example.com");
        // A two-letter bucket is what S3 refuses: the driver's check says so, naming the option.
        assertThat(c.validate()).containsKey("s3");
        assertThat(c.validate().get("s3")).hasMessageContaining("s3_store_bucket");
    }
}
