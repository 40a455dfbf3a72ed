package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glance-store --version} of the packaged jar names the version and the commit it was
 * built from: the checkout's HEAD when built in git, "unknown" outside one.
 */
class VersionJarTest {

    @TempDir
    Path dir;

    @Test
    void printsTheVersionAndTheCommitOfTheBuild() throws Exception {
        JarRunner.Result r = new JarRunner(dir).run("--version");

        assertThat(r.exit()).as(r.toString()).isZero();
        String version = System.getProperty("glance.store.version");
        assertThat(version).as("system property glance.store.version (set by failsafe)").isNotBlank();
        String head = gitHead();
        assertThat(r.out().lines()).as(r.toString()).containsExactly("glance-store " + version,
                "commit " + (head != null ? head : "unknown (not built from a git checkout)"));
    }

    /** The commit of the checkout the build ran in, or null outside git. */
    private static String gitHead() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(JarRunner.jar().getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException noGit) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out : null;
    }
}
