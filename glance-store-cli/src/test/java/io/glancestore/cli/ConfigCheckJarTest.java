package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code config check} calls a configuration valid only when every driver would accept it, knows
 * every option the drivers read, and reads files bounded in size and time with typed errors.
 */
class ConfigCheckJarTest extends JarTestSupport {

    private Path conf(String backends, String... sections) throws Exception {
        Path conf = dir.resolve("glance-api.conf");
        Files.writeString(conf, "[DEFAULT]\nenabled_backends = " + backends + "\n[glance_store]\ndefault_backend = "
                + backends.substring(0, backends.indexOf(':')) + "\n" + String.join("\n", sections) + "\n");
        return conf;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        swift auth version    | s:swift  | swift_store_auth_version = garbage                          | 6 | 'swift_store_auth_version' must be 1 or 3
        datastore without :   | v:vmware | vmware_datastores = datacenter-only                         | 6 | 'vmware_datastores' has an entry without ':'
        datadir priority      | f:file   | filesystem_store_datadirs = /srv/a:high                     | 6 | 'filesystem_store_datadirs' has an invalid priority
        file permissions      | f:file   | filesystem_store_file_perm = 999                            | 6 | 'filesystem_store_file_perm' must be octal digits
        datadir and datadirs  | f:file   | filesystem_store_datadir = /srv/a\\nfilesystem_store_datadirs = /srv/b:1 | 6 | 'filesystem_store_datadir' and 'filesystem_store_datadirs' are both set
        swift config file     | s:swift  | swift_store_config_file = /nonexistent/glance-swift.conf    | 6 | 'swift_store_config_file' names a file that does not exist
        rbd features          | r:rbd    | rbd_default_features = layering,teleport                    | 6 | 'rbd_default_features' must be a number or RBD feature names
        """)
    void valuesTheDriversRefuseAreInvalid(String name, String backend, String options, int line, String message)
            throws Exception {
        String id = backend.substring(0, backend.indexOf(':'));
        Path conf = conf(backend, "[" + id + "]", options.replace("\\n", "\n"),
                backend.endsWith("vmware") ? "vmware_server_host = vc\nvmware_server_username = u\n"
                        + "vmware_server_password = p" : "");
        JarRunner.Result r = cli.run("config", "check", conf.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains(conf + ":" + line + ": ").contains(message);
    }

    @Test
    void aValueThatMayBeASecretOnTheWrongLineIsNotEchoed() throws Exception {
        Path conf = conf("f:file", "[f]", "filesystem_store_metadata_file = /nonexistent/S3CRET-VALUE");
        JarRunner.Result r = cli.run("config", "check", conf.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains(conf + ":6: ")
                .contains("'filesystem_store_metadata_file' names a file that cannot be read (NoSuchFileException)");
        // The listing shows a plain option's value on purpose; the error does not repeat it.
        assertThat(r.err()).doesNotContain("S3CRET");
    }

    @Test
    void kollaSwiftNeedsTheSwiftConfigFileKollaWrites() throws Exception {
        Path globals = dir.resolve("globals.yml");
        Path missing = dir.resolve("glance-swift.conf");
        // Kolla's path is /etc/glance/glance-swift.conf, which Kolla writes inside its container and a host may
        // or may not have: the check must say what the driver would say here (the rule itself is checked above).
        Files.writeString(globals, "glance_backend_swift: \"yes\"\nglance_backend_file: \"no\"\n");
        JarRunner.Result r = cli.run("--json", "config", "check", globals.toString());
        JsonNode swift = JSON.readTree(r.out()).get("backends").get(0);
        assertThat(swift.get("options").get("swift_store_config_file").asText())
                .isEqualTo("/etc/glance/glance-swift.conf");
        JsonNode problem = swift.get("problem");
        if (!Files.isReadable(Path.of("/etc/glance/glance-swift.conf"))) {
            assertThat(problem.get("option").asText()).isEqualTo("swift_store_config_file");
            assertThat(problem.get("message").asText()).contains("does not exist");
        }
        if (!problem.isNull()) {
            // missing, or (Debian's sample) references the driver refuses, such as a Keystone v2 one
            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(problem.get("message").asText()).containsAnyOf("glance-swift.conf", "swift_store_config_file");
        } else {
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void optionsTheDriversReadAreKnown() throws Exception {
        Path conf = conf("s:swift, v:vmware, r:rbd", "[s]", "swift_store_request_timeout_ms = 5000",
                "swift_store_segments_in_flight = 2", "[v]", "vmware_server_host = vc", "vmware_server_username = u",
                "vmware_server_password = p", "vmware_http_timeout = 30", "[r]", "rbd_default_features = layering",
                "rbd_store_mon_host = 127.0.0.1");
        JarRunner.Result r = cli.run("--json", "config", "check", conf.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("warnings")).isEmpty();
        assertThat(r.err()).doesNotContain("not a known option");
    }

    @Test
    void connectWritesInEveryFileStoreFolder() throws Exception {
        Path images = dir.resolve("images");
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "a file where a folder should be");
        Path conf = conf("f:file, g:file", "[f]", "filesystem_store_datadir = " + images, "[g]",
                "filesystem_store_datadir = " + notAFolder.resolve("images"));
        JarRunner.Result r = cli.run("--json", "config", "check", conf.toString(), "--connect");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        JsonNode backends = JSON.readTree(r.out()).get("backends");
        JsonNode writable = backends.get(0).get("connect");
        assertThat(writable.get("status").asText()).isEqualTo("ok");
        assertThat(writable.get("detail").asText()).startsWith("writable " + images + " (").endsWith("MiB free)");
        JsonNode blocked = backends.get(1).get("connect");
        assertThat(blocked.get("status").asText()).isEqualTo("failed");
        assertThat(blocked.get("kind").asText()).isEqualTo("add_not_allowed");
        assertThat(blocked.get("detail").asText()).contains(notAFolder.resolve("images") + " cannot be written");
        assertThat(r.err()).contains("cannot be written");
        assertThat(hiddenFiles(images)).as("the write probe is removed").isZero();

        JarRunner.Result statically = cli.run("config", "check", conf.toString());
        assertThat(statically.exit()).as("without --connect nothing is contacted: " + statically).isZero();
    }

    @Test
    void kollaDatadirsAreShownWhereTheyReallyAre() throws Exception {
        Path globals = dir.resolve("globals.yml");
        Files.writeString(globals, "glance_backend_file: \"yes\"\nglance_file_datadir_volume: \"" + dir
                + "/x/../../glance\"\n");
        JarRunner.Result r = cli.run("config", "check", globals.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Path real = dir.getParent().resolve("glance");
        assertThat(r.out()).contains("filesystem_store_datadir = " + real + "/images/")
                .contains("glance_file_datadir_volume' has '.' or '..' segments: the folder used is " + real)
                .doesNotContain("/x/../");
    }

    @Test
    void oversizedFilesAreRefusedBeforeParsing() throws Exception {
        Path conf = dir.resolve("huge.conf");
        StringBuilder text = new StringBuilder("[DEFAULT]\nenabled_backends = f:file\n[glance_store]\n"
                + "default_backend = f\n[f]\n");
        while (text.length() < (2 << 20)) {
            text.append("option_").append(text.length()).append(" = some padding text of the test\n");
        }
        Files.writeString(conf, text);
        JarRunner.Result r = cli.run("config", "check", conf.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err().strip()).isEqualTo("glance-store: " + conf + ": is larger than 1 MiB, the limit for a"
                + " configuration file; Glance's own files are far smaller");

        Path yaml = dir.resolve("huge.yml");
        Files.writeString(yaml, "glance_backend_file: \"yes\"\n" + "# padding\n".repeat(400_000));
        JarRunner.Result y = cli.run("config", "check", yaml.toString());
        assertThat(y.exit()).as(y.toString()).isEqualTo(5);
        assertThat(y.err()).contains("is larger than 1 MiB").doesNotContain("YAMLException");
    }

    @Test
    void nonUtf8FilesSaySo() throws Exception {
        Path yaml = dir.resolve("latin1.yml");
        Files.write(yaml, "glance_backend_file: \"yes\"\nceph_glance_user: \"gl\u00e4nce\"\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        JarRunner.Result r = cli.run("config", "check", yaml.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err().strip()).isEqualTo("glance-store: " + yaml + ":2: is not UTF-8 text (byte 48)");
        Path conf = dir.resolve("latin1.conf");
        Files.write(conf, "[DEFAULT]\nenabled_backends = f:file\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        JarRunner.Result c = cli.run("config", "check", conf.toString());
        assertThat(c.exit()).as(c.toString()).isEqualTo(5);
        assertThat(c.err()).contains(conf + ":3: is not UTF-8 text");
    }
}
