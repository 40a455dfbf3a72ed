package io.glancestore.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each malformed file fails with a message naming the file, the line and the option. */
class MalformedConfigTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unclosed section     | [DEFAULT]\\nenabled_backends = a:file\\n[glance_store\\n                          | 3 |                           | malformed section header
        not key value        | [DEFAULT]\\njust some words\\n                                                   | 2 |                           | expected 'key = value'
        option before section| enabled_backends = a:file\\n[DEFAULT]\\n                                         | 1 | enabled_backends          | outside of any section
        backend without type | [DEFAULT]\\nenabled_backends = a:file, b\\n[glance_store]\\ndefault_backend = a\\n | 2 | enabled_backends          | item 2 must be written id:type
        duplicate backend    | [DEFAULT]\\nenabled_backends = a:file, a:rbd\\n                                   | 2 | enabled_backends          | listed twice
        reserved id          | [DEFAULT]\\nenabled_backends = os_glance_staging_store:file\\n                    | 2 | enabled_backends          | reserved
        no default           | [DEFAULT]\\nenabled_backends = a:file, b:file\\n[glance_store]\\n                 | 3 | default_backend           | must be set
        unknown default      | [DEFAULT]\\nenabled_backends = a:file\\n[glance_store]\\ndefault_backend = b\\n   | 4 | default_backend           | not in enabled_backends
        bad integer          | [DEFAULT]\\nenabled_backends = a:rbd\\n[glance_store]\\ndefault_backend = a\\n[a]\\nrbd_store_chunk_size = eight\\n | 6 | rbd_store_chunk_size | must be an integer
        bad boolean          | [DEFAULT]\\nenabled_backends = a:file\\n[glance_store]\\ndefault_backend = a\\n[a]\\nfilesystem_thin_provisioning = maybe\\n | 6 | filesystem_thin_provisioning | must be true or false
        bad weight           | [DEFAULT]\\nenabled_backends = a:file\\n[glance_store]\\ndefault_backend = a\\n[a]\\nweight = heavy\\n | 6 | weight | must be an integer
        bad cache size       | [DEFAULT]\\nenabled_backends = a:file\\nimage_cache_dir = /c\\nimage_cache_max_size = -1\\n[glance_store]\\ndefault_backend = a\\n | 4 | image_cache_max_size | must be between
        bad cache stall time | [DEFAULT]\\nenabled_backends = a:file\\nimage_cache_dir = /c\\nimage_cache_stall_time = 1h\\n[glance_store]\\ndefault_backend = a\\n | 4 | image_cache_stall_time | must be an integer
        unknown hash         | [DEFAULT]\\nenabled_backends = a:file\\nhashing_algorithm = sha999\\n[glance_store]\\ndefault_backend = a\\n | 3 | hashing_algorithm | unknown hashing algorithm
        legacy unknown store | [glance_store]\\nstores = file, ftp\\n                                           | 2 | stores                    | unknown store type
        legacy bad default   | [glance_store]\\nstores = file\\ndefault_store = rbd\\n                          | 3 | default_store             | not in stores
        """)
    void iniFilesFailAtTheirLine(String name, String text, int line, String key, String message) throws IOException {
        Path file = tmp.resolve("glance-api.conf");
        Files.writeString(file, text.replace("\\n", "\n"));
        assertThatThrownBy(() -> GlanceConfig.fromGlanceApiConf(file))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.line()).isEqualTo(line);
                    org.assertj.core.api.Assertions.assertThat(e.key()).isEqualTo(key);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage())
                            .startsWith(file + ":" + line + ": ").contains(message);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        yaml syntax          | glance_backend_ceph: "yes"\\nglance_backend_file: a: b\\n                 | 2 |                         | not valid YAML
        not a mapping        | - glance_backend_ceph\\n                                                   | 1 |                         | mapping
        bad boolean          | kolla_base_distro: debian\\nglance_backend_ceph: "perhaps"\\n              | 2 | glance_backend_ceph     | must be yes or no
        list value           | glance_backend_file:\\n  - yes\\n                                          | 2 | glance_backend_file     | single value
        nothing enabled      | glance_backend_file: "no"\\n                                              | 0 | glance_backend_file     | no store is enabled
        bad cache size       | enable_glance_image_cache: "yes"\\nglance_cache_max_size: "10G"\\n         | 2 | glance_cache_max_size   | number of bytes
        default not enabled  | glance_default_backend: "rbd"\\n                                          | 1 | glance_default_backend  | not enabled (enabled: file)
        """)
    void kollaFilesFailAtTheirLine(String name, String text, int line, String key, String message) throws IOException {
        Path file = tmp.resolve("globals.yml");
        Files.writeString(file, text.replace("\\n", "\n"));
        assertThatThrownBy(() -> GlanceConfig.fromKollaGlobals(file))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.line()).isEqualTo(line);
                    org.assertj.core.api.Assertions.assertThat(e.key()).isEqualTo(key);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(message)
                            .startsWith(file + (line > 0 ? ":" + line : "") + ": ");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing file  | nope.conf | file not found
        missing yaml  | nope.yml  | file not found
        """)
    void missingFilesSaySo(String name, String file, String message) {
        Path p = tmp.resolve(file);
        assertThatThrownBy(() -> GlanceConfig.load(p)).isInstanceOf(ConfigFileException.class)
                .hasMessage(p + ": " + message);
    }
}
