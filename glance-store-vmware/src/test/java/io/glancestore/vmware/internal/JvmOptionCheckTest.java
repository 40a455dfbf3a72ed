package io.glancestore.vmware.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.vmware.VmwareStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-opens java.base/java.lang=ALL-UNNAMED} yavijava cannot read vSphere
 * faults; the store says so when it is built, before any connection.
 */
class JvmOptionCheckTest {

    @Test
    void thisJvmHasTheOption() {
        VsphereSession.checkJvmOptions();
    }

    @Test
    void aJvmWithoutTheOptionIsToldWhatToAdd() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                WithoutOption.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("BadStoreConfigurationException")
                .contains("--add-opens java.base/java.lang=ALL-UNNAMED");
        assertThat(p.exitValue()).as(out).isEqualTo(3);
    }

    /** Builds a store in a JVM started without the option. */
    public static final class WithoutOption {
        private WithoutOption() {
        }

        /**
         * Runs.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            try {
                VmwareStore.builder().host("127.0.0.1:1").username("u").password("p").build();
                System.exit(1);
            } catch (BadStoreConfigurationException e) {
                System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                System.exit(3);
            }
        }
    }
}
