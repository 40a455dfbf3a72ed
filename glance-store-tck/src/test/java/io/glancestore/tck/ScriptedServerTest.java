package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedServerTest {

    @TempDir
    Path dir;

    private Path script(String startBody) throws IOException {
        Path script = dir.resolve("server.sh");
        Files.writeString(script, String.join("\n",
                "set -eu",
                "case \"$1\" in",
                "  start) mkdir -p \"$2\"; " + startBody + " ;;",
                "  stop) echo \"stopped $2\" >\"$2/state\" ;;",
                "esac",
                ""), StandardCharsets.UTF_8);
        return script;
    }

    @Test
    void startsWithItsEnvironmentReadsTheEnvFileAndStops() throws Exception {
        Path script = script("echo \"PORT=$SERVER_PORT\" >\"$2/server.env\"; echo 'URL = http://127.0.0.1' >>\"$2/server.env\"");
        Path folder = dir.resolve("server");

        ScriptedServer server = ScriptedServer.start("test server", script, folder, "server.env",
                Map.of("SERVER_PORT", "4242"), "PORT", "URL");

        assertThat(server.get("PORT")).isEqualTo("4242");
        assertThat(server.get("URL")).isEqualTo("http://127.0.0.1");
        assertThat(server.env()).containsOnlyKeys("PORT", "URL");
        server.stop();
        assertThat(Files.readString(folder.resolve("state"))).isEqualTo("stopped " + folder + "\n");
    }

    @Test
    void aFailedStartFailsWithTheScriptsOutputAndSecretsMasked() throws Exception {
        Path script = script("echo 'ADMIN_PASSWORD=hunter2'; echo 'SWIFT_KEY=k3y'; echo 'no room left' >&2; exit 3");

        assertThatThrownBy(() -> ScriptedServer.start("test server", script, dir.resolve("server"), "server.env",
                Map.of()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("starting the test server")
                .hasMessageContaining("no room left")
                .hasMessageContaining("ADMIN_PASSWORD=***")
                .hasMessageContaining("SWIFT_KEY=***")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("k3y");
    }

    @Test
    void anEnvFileWithoutARequiredKeyFails() throws Exception {
        Path script = script("echo 'PORT=1' >\"$2/server.env\"");

        assertThatThrownBy(() -> ScriptedServer.start("test server", script, dir.resolve("server"), "server.env",
                Map.of(), "PORT", "URL"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lacks [URL]");
    }

    @Test
    void anUnknownKeyIsAnError() throws Exception {
        Path script = script("echo 'PORT=1' >\"$2/server.env\"");
        ScriptedServer server = ScriptedServer.start("test server", script, dir.resolve("server"), "server.env",
                Map.of());

        assertThatThrownBy(() -> server.get("URL")).isInstanceOf(AssertionError.class).hasMessageContaining("no URL");
        server.stop();
    }
}
