package io.glancestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.StoreRegistry;
import io.glancestore.cache.CacheConfig;
import io.glancestore.exception.BadStoreConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlanceApiConfTest {

    @TempDir
    Path tmp;

    static Path sample(String name) {
        try {
            return Path.of(GlanceApiConfTest.class.getResource("/conf/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsEveryStoreOptionOfAMultiStoreFile() {
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(sample("multi-store.conf"));

        assertThat(c.defaultBackend()).isEqualTo("fast");
        assertThat(c.backends()).extracting(BackendConfig::id)
                .containsExactly("fast", "slow", "ceph", "objects", "vcenter", "web");
        assertThat(c.backends()).extracting(BackendConfig::type)
                .containsExactly("file", "file", "rbd", "swift", "vmware", "http");
        BackendConfig fast = c.backend("fast").orElseThrow();
        assertThat(fast.weight()).isEqualTo(100);
        assertThat(fast.options()).containsEntry("filesystem_store_datadir", "/srv/glance/fast")
                .containsEntry("filesystem_store_chunk_size", "131072") // from [backend_defaults]
                .doesNotContainKeys("weight", "store_description", "rbd_store_chunk_size");
        BackendConfig slow = c.backend("slow").orElseThrow();
        assertThat(slow.options()).containsEntry("filesystem_store_datadirs", "/srv/glance/a:200\n/srv/glance/b:100")
                .containsEntry("filesystem_store_chunk_size", "65536"); // the section overrides the defaults
        assertThat(c.backend("ceph").orElseThrow().options())
                .containsEntry("rbd_store_pool", "images").containsEntry("rbd_store_user", "glance")
                .containsEntry("rbd_store_ceph_conf", "/etc/ceph/ceph.conf")
                .containsEntry("rbd_store_chunk_size", "8").containsEntry("rados_connect_timeout", "0");
        assertThat(c.backend("ceph").orElseThrow().weight()).isEqualTo(50);
        assertThat(c.backend("objects").orElseThrow().options())
                .containsEntry("swift_store_container", "glance")
                .containsEntry("swift_store_config_file", "/etc/glance/glance-swift.conf")
                .containsEntry("swift_store_key", "swiftsecret");
        BackendConfig vc = c.backend("vcenter").orElseThrow();
        assertThat(vc.options()).containsEntry("vmware_server_host", "vcenter.example.org");
        // an oslo continuation line joins the value
        assertThat(vc.options().get("vmware_datastores").replaceAll("\\s+", ""))
                .isEqualTo("dc1:ds1:100,dc1:ds2:50");
        assertThat(c.hashAlgorithm()).contains("sha256");
        CacheConfig cache = c.cache().orElseThrow();
        assertThat(cache.dir()).isEqualTo(Path.of("/var/lib/glance/image-cache"));
        assertThat(cache.maxSize()).isEqualTo(2_147_483_648L);
        assertThat(cache.stallTime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void neverShowsSecrets() {
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(sample("multi-store.conf"));
        String shown = c.describe() + c + c.backends();
        assertThat(shown).doesNotContain("swiftsecret", "vmwaresecret", "keystonepass", "dbpass", "rabbitpass")
                .contains("swift_store_key = ***", "vmware_server_password = ***")
                .contains("backend fast (file) weight 100");
    }

    @Test
    void neverShowsTheValuesOfOptionsNoDriverReads() throws IOException {
        // Found by ConfigReaderPropertyTest: an option the driver does not read was shown as it was
        // written, and a misspelt secret is just such an option.
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(write("glance-api.conf", "[DEFAULT]\n"
                + "enabled_backends = fast:file, objects:swift\n[glance_store]\ndefault_backend = fast\n"
                + "[fast]\nfilesystem_store_datadir = " + tmp.resolve("images") + "\nenabled_backends = hush-1\n"
                + "[objects]\nswift_store_container = glance\nswift_store_kye = hush-2\n"
                + "rbd_store_pool = hush-3\n"));
        String shown = c.describe() + c + c.backends();
        assertThat(shown).doesNotContain("hush-").contains("swift_store_kye = ***", "enabled_backends = ***",
                "rbd_store_pool = ***", "swift_store_container = glance", "filesystem_store_datadir = " + tmp);
        assertThat(c.warnings()).anyMatch(w -> w.contains("swift_store_kye") && w.contains("not a known option"));
    }

    @Test
    void readsTheLegacySingleStoreForm() {
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(sample("legacy.conf"));
        assertThat(c.defaultBackend()).isEqualTo("file");
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("file", "http", "rbd");
        assertThat(c.backend("file").orElseThrow().options())
                .containsOnlyKeys("filesystem_store_datadir");
        assertThat(c.backend("rbd").orElseThrow().options())
                .containsOnlyKeys("rbd_store_pool", "rbd_store_user");
        assertThat(c.cache()).isEmpty();
        assertThat(c.notes()).anyMatch(n -> n.contains("legacy"));
    }

    @Test
    void buildsAWorkingRegistryAndLeavesOutTypesWithoutDriver() throws IOException {
        Path conf = write("glance-api.conf", "[DEFAULT]\nenabled_backends = local:file, web:http\n"
                + "image_cache_dir = " + tmp.resolve("cache") + "\n"
                + "[glance_store]\ndefault_backend = local\n"
                + "[local]\nfilesystem_store_datadir = " + tmp.resolve("images") + "\n");
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(conf);
        assertThat(c.backendsWithoutDriver(getClass().getClassLoader())).containsEntry("web", "http");
        byte[] image = "an image".getBytes(StandardCharsets.UTF_8);
        try (StoreRegistry stores = c.buildRegistry()) {
            assertThat(stores.stores()).extracting(s -> s.id()).containsExactly("local");
            AddResult r = stores.add("img-1", new ByteArrayInputStream(image), image.length);
            assertThat(r.location()).isEqualTo("file://" + tmp.resolve("images/img-1"));
            assertThat(r.metadata()).containsEntry("store", "local");
            try (ImageData d = stores.get(r.location())) {
                assertThat(d.readAllBytes()).isEqualTo(image);
            }
        }
        assertThat(c.cache().orElseThrow().dir()).isEqualTo(tmp.resolve("cache"));
    }

    @Test
    void driverRejectionsNameOptionFileAndLine() throws IOException {
        Path conf = write("glance-api.conf", "[DEFAULT]\nenabled_backends = local:file\n"
                + "[glance_store]\ndefault_backend = local\n"
                + "[local]\nfilesystem_store_datadir = " + tmp.resolve("images") + "\n"
                + "filesystem_store_chunk_size = 0\n");
        // the value is checked against the driver's own definition of the option, while reading
        assertThatThrownBy(() -> GlanceConfig.fromGlanceApiConf(conf))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.key()).isEqualTo("filesystem_store_chunk_size");
                    assertThat(e.getMessage()).startsWith(conf + ":7: ").contains("must be between 1 and");
                });
    }

    @Test
    void combinationsTheDriverRefusesAreFoundWithoutBuildingIt() throws IOException {
        Path conf = write("glance-api.conf", "[DEFAULT]\nenabled_backends = a:file, b:file\n"
                + "[glance_store]\ndefault_backend = a\n"
                + "[a]\nfilesystem_store_datadir = " + tmp.resolve("a") + "\n"
                + "[b]\nfilesystem_store_datadir = " + tmp.resolve("b") + "\n"
                + "filesystem_store_datadirs = " + tmp.resolve("c") + ":1\n");
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(conf);
        Map<String, BadStoreConfigurationException> problems = c.validate();
        assertThat(problems).containsOnlyKeys("b");
        assertThat(problems.get("b")).isInstanceOfSatisfying(ConfigFileException.class, e -> {
            assertThat(e.line()).as("the line in [b], not the same key in [a]").isEqualTo(8);
            assertThat(e.getMessage()).contains("are both set");
        });
        assertThat(tmp.resolve("a")).as("nothing created").doesNotExist();
        assertThatThrownBy(c::buildRegistry).hasMessage(problems.get("b").getMessage());
        assertThat(tmp.resolve("a")).as("nothing created").doesNotExist();
    }

    @Test
    void anS3BackendIsCheckedByTheS3DriversOwnOptions() throws IOException {
        String section = "[DEFAULT]\nenabled_backends = objects:s3\n[glance_store]\ndefault_backend = objects\n"
                + "[objects]\ns3_store_host = http://127.0.0.1:7480\ns3_store_access_key = AK\n"
                + "s3_store_secret_key = s3-secret-value\ns3_store_bucket = glance\n";
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(write("glance-api.conf", section
                + "s3_store_bucket_url_format = path\ns3_store_large_object_chunk_size = 8\n"));
        assertThat(c.validate()).isEmpty();
        assertThat(c.describe()).contains("s3_store_bucket_url_format = path").doesNotContain("s3-secret-value");
        Path bad = write("bad.conf", section + "s3_store_large_object_chunk_size = 4\n");
        assertThatThrownBy(() -> GlanceConfig.fromGlanceApiConf(bad))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.key()).isEqualTo("s3_store_large_object_chunk_size");
                });
    }

    @Test
    void theDefaultBackendMustHaveADriver() throws IOException {
        Path conf = write("glance-api.conf", "[DEFAULT]\nenabled_backends = web:http\n"
                + "[glance_store]\ndefault_backend = web\n");
        assertThatThrownBy(() -> GlanceConfig.fromGlanceApiConf(conf).buildRegistry())
                .hasMessageContaining("default backend 'web'").hasMessageContaining("http");
    }

    @Test
    void unknownKeysAreWarningsOrStrictErrors() throws IOException {
        Path conf = write("glance-api.conf", "[DEFAULT]\nenabled_backends = local:file\n"
                + "filesystem_store_datadir = /x\n"
                + "image_cache_maxsize = 5\n"
                + "[glance_store]\ndefault_backend = local\nfilesytem_store_datadir = /y\n"
                + "[local]\nfilesystem_store_datadir = /srv/images\nrbd_store_pool = images\n"
                + "filesystem_store_chunksize = 4096\n"
                + "[orphan]\nfilesystem_store_datadir = /z\n");
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(conf);
        assertThat(c.warnings()).hasSize(6);
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(conf + ":3: ")
                .contains("'filesystem_store_datadir'").contains("backend section"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(conf + ":4: ")
                .contains("'image_cache_maxsize'"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(conf + ":7: ")
                .contains("'filesytem_store_datadir'"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(conf + ":10: ")
                .contains("rbd stores").contains("'local' is file"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(conf + ":11: ")
                .contains("'filesystem_store_chunksize'"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith(conf + ":12: ")
                .contains("[orphan]"));

        assertThatThrownBy(() -> GlanceConfig.loader().strict(true).glanceApiConf(conf))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.line()).isEqualTo(3));
    }

    @Test
    void repeatedSingleValuedKeysKeepTheLastAndWarn() throws IOException {
        Path conf = write("glance-api.conf", "[DEFAULT]\nenabled_backends = local:file\n"
                + "[glance_store]\ndefault_backend = local\n"
                + "[local]\nfilesystem_store_datadir = /a\nfilesystem_store_datadir = /b\n");
        GlanceConfig c = GlanceConfig.fromGlanceApiConf(conf);
        assertThat(c.backend("local").orElseThrow().options()).containsEntry("filesystem_store_datadir", "/b");
        assertThat(c.warnings()).singleElement().asString().startsWith(conf + ":7: ").contains("2 times");
    }

    @Test
    void valuesAreReadAsOsloReadsThem() throws IOException {
        Path conf = write("glance-api.conf", String.join("\n",
                "[DEFAULT]",
                "enabled_backends = objects:swift",
                "[glance_store]",
                "default_backend = objects",
                "[objects]",
                "# no inline comments in oslo.config: the whole value counts",
                "swift_store_key = se #cret ;too",
                "swift_store_user = 'quoted user'",
                "swift_store_container = \"glance\"",
                "swift_store_auth_address = http://keystone:5000/v3",
                ""));
        java.util.Map<String, String> o = GlanceConfig.fromGlanceApiConf(conf).backend("objects").orElseThrow().options();
        assertThat(o).containsEntry("swift_store_key", "se #cret ;too")
                .containsEntry("swift_store_user", "quoted user")
                .containsEntry("swift_store_container", "glance")
                .containsEntry("swift_store_auth_address", "http://keystone:5000/v3");
    }
}
