package io.glancestore.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudConfigTest {

    @TempDir
    Path dir;

    @Test
    void passwordFromVariablesAsOpenrcSetsThem() {
        CloudConfig c = CloudConfig.fromEnvironment(Map.of("OS_AUTH_URL", "https://keystone:5000/v3/",
                "OS_USERNAME", "glance", "OS_PASSWORD", "pw-secret", "OS_PROJECT_NAME", "service",
                "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_ID", "default", "OS_REGION_NAME", "RegionOne",
                "OS_INTERFACE", "internal", "OS_IDENTITY_API_VERSION", "3"));
        assertThat(c.authType()).isEqualTo(CloudConfig.AuthType.PASSWORD);
        KeystoneCredentials k = c.credentials().orElseThrow();
        assertThat(k.authUrl()).isEqualTo("https://keystone:5000/v3");
        assertThat(k.username()).isEqualTo("glance");
        assertThat(k.userDomainName()).isEqualTo("Default");
        assertThat(k.userDomainId()).isNull();
        assertThat(k.projectName()).isEqualTo("service");
        assertThat(k.projectDomainId()).isEqualTo("default");
        assertThat(c.regionName()).contains("RegionOne");
        assertThat(c.interfaceName()).isEqualTo("internal");
        assertThat(c.toString()).doesNotContain("pw-secret");
        assertThat(k.toString()).doesNotContain("pw-secret");
    }

    @Test
    void tenantNamesAndEndpointTypesOfOlderOpenrcFilesStillWork() {
        CloudConfig c = CloudConfig.fromEnvironment(Map.of("OS_AUTH_URL", "http://k/v3", "OS_USERNAME", "u",
                "OS_PASSWORD", "p", "OS_TENANT_NAME", "demo", "OS_ENDPOINT_TYPE", "internalURL"));
        assertThat(c.credentials().orElseThrow().projectName()).isEqualTo("demo");
        assertThat(c.credentials().orElseThrow().projectDomainId()).isEqualTo("default");
        assertThat(c.interfaceName()).isEqualTo("internal");
    }

    @Test
    void applicationCredentialFromCloudsYamlWithItsSecretInSecureYaml() throws IOException {
        Path clouds = write("clouds.yaml", "clouds:\n  prod:\n    auth_type: v3applicationcredential\n"
                + "    auth:\n      auth_url: https://keystone.example:5000/v3\n"
                + "      application_credential_id: 6f2ab\n    region_name: RegionTwo\n"
                + "    image_endpoint_override: https://glance.example:9292\n    verify: false\n");
        write("secure.yaml", "clouds:\n  prod:\n    auth:\n      application_credential_secret: app-secret\n");
        CloudConfig c = CloudConfig.fromEnvironment(Map.of("OS_CLOUD", "prod",
                "OS_CLIENT_CONFIG_FILE", clouds.toString()));
        assertThat(c.cloud()).contains("prod");
        assertThat(c.authType()).isEqualTo(CloudConfig.AuthType.APPLICATION_CREDENTIAL);
        KeystoneCredentials k = c.credentials().orElseThrow();
        assertThat(k.applicationCredentialId()).isEqualTo("6f2ab");
        assertThat(k.secret()).isEqualTo("app-secret");
        assertThat(k.who()).isEqualTo("application credential 6f2ab");
        assertThat(c.endpointOverride("image")).contains("https://glance.example:9292");
        assertThat(c.http().insecure()).isTrue();
        assertThat(c.regionName()).contains("RegionTwo");
        assertThat(c.toString()).doesNotContain("app-secret");
    }

    @Test
    void variablesBesideOsCloudOverrideTheCloud() throws IOException {
        Path clouds = write("clouds.yaml", "clouds:\n  c1:\n    auth:\n      auth_url: http://k/v3\n"
                + "      username: u\n      password: old\n      project-name: p\n    regions: [R1, R2]\n");
        CloudConfig c = CloudConfig.fromEnvironment(Map.of("OS_CLOUD", "c1", "OS_CLIENT_CONFIG_FILE",
                clouds.toString(), "OS_PASSWORD", "new"));
        assertThat(c.credentials().orElseThrow().secret()).isEqualTo("new");
        assertThat(c.credentials().orElseThrow().projectName()).isEqualTo("p");
        assertThat(c.regionName()).contains("R1");
    }

    @Test
    void trustedHeadersNeedAnEndpointAndAnIdentity() {
        CloudConfig c = CloudConfig.fromEnvironment(Map.of("OS_AUTH_TYPE", "trusted-headers",
                "OS_ENDPOINT", "http://127.0.0.1:9292", "OS_PROJECT_ID", "p1", "OS_USER_ID", "u1",
                "OS_ROLES", "admin"));
        assertThat(c.authType()).isEqualTo(CloudConfig.AuthType.TRUSTED_HEADERS);
        assertThat(c.endpoint()).contains("http://127.0.0.1:9292");
        assertThat(c.trustedIdentity().orElseThrow().headers()).containsEntry("X-Roles", "admin")
                .containsEntry("X-Identity-Status", "Confirmed").containsEntry("X-Project-Id", "p1");
        assertThatThrownBy(() -> CloudConfig.fromEnvironment(Map.of("OS_AUTH_TYPE", "trusted-headers",
                "OS_ENDPOINT", "http://g", "OS_PROJECT_ID", "p1")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("user_id");
        assertThatThrownBy(() -> CloudConfig.fromEnvironment(Map.of("OS_AUTH_TYPE", "trusted-headers",
                "OS_ENDPOINT", "http://g", "OS_PROJECT_ID", "p1\r\nX-Roles: admin", "OS_USER_ID", "u")))
                .isInstanceOf(BadStoreConfigurationException.class);
    }

    @Test
    void missingOrBadValuesAreNamedWithoutShowingSecrets() throws IOException {
        assertThatThrownBy(() -> CloudConfig.fromEnvironment(Map.of("OS_AUTH_URL", "http://k/v3",
                "OS_USERNAME", "u"))).isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> CloudConfig.fromEnvironment(Map.of("OS_AUTH_URL", "ftp://k", "OS_USERNAME", "u",
                "OS_PASSWORD", "pw"))).isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> CloudConfig.fromEnvironment(Map.of("OS_AUTH_TYPE", "token")))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("auth_type");
        Path clouds = write("clouds.yaml", "clouds:\n  a:\n    auth:\n      password: 'top-secret\n");
        assertThatThrownBy(() -> CloudConfig.fromCloudsYaml(clouds, "a"))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("top-secret"));
        Path other = write("other.yaml", "clouds:\n  a:\n    auth: {}\n");
        assertThatThrownBy(() -> CloudConfig.fromCloudsYaml(other, "b"))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("no cloud 'b'");
        assertThatThrownBy(() -> CloudConfig.fromEnvironment(Map.of("OS_CLOUD", "x", "OS_CLIENT_CONFIG_FILE",
                dir.resolve("none.yaml").toString()))).isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("no clouds.yaml");
    }

    @Test
    void hugeOrHostileFilesAreRefused() throws IOException {
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, List.of("clouds:", "  a:", "    x: '" + "y".repeat(1 << 20) + "'"));
        assertThatThrownBy(() -> CloudConfig.fromCloudsYaml(huge, "a"))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("larger than");
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 30; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        bomb.append("clouds: {}\n");
        Path aliases = write("bomb.yaml", bomb.toString());
        assertThatThrownBy(() -> CloudConfig.fromCloudsYaml(aliases, "a"))
                .isInstanceOf(BadStoreConfigurationException.class);
        Path typed = write("typed.yaml", "clouds: !!java.util.HashMap {}\n");
        assertThatThrownBy(() -> CloudConfig.fromCloudsYaml(typed, "a"))
                .isInstanceOf(BadStoreConfigurationException.class);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
