package io.glancestore.vmware.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The store ships no logging bridge for the log4j 1.2 API that yavijava calls: an application
 * without one is told what to add when the store is built, instead of a NoClassDefFoundError at
 * the first SOAP call.
 */
class Log4jApiCheckTest {

    @Test
    void thisClassPathHasTheApi() {
        VsphereSession.checkLog4jApi();
    }

    @Test
    void aClassPathWithoutItIsToldWhatToAdd() throws Exception {
        String withoutBridge = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("log4j-over-slf4j")).collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutBridge).isNotEqualTo(System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", withoutBridge, JvmOptionCheckTest.WithoutOption.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("BadStoreConfigurationException").contains("org.slf4j:log4j-over-slf4j")
                .contains("ch.qos.reload4j:reload4j").doesNotContain("NoClassDefFoundError");
        assertThat(p.exitValue()).as(out).isEqualTo(3);
    }
}
