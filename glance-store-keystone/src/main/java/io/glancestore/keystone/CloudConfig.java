package io.glancestore.keystone;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.keystone.internal.CloudsYaml;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenStack client's configuration, read as the OpenStack command-line tools read it: the
 * {@code OS_*} environment variables and, when {@code OS_CLOUD} names a cloud, that cloud of
 * {@code clouds.yaml} (merged with {@code secure.yaml}), searched in {@code OS_CLIENT_CONFIG_FILE},
 * {@code ./clouds.yaml}, {@code ~/.config/openstack/clouds.yaml} and
 * {@code /etc/openstack/clouds.yaml}. {@code OS_*} variables set beside {@code OS_CLOUD} override
 * the cloud's values, as the command-line tools' options do.
 *
 * <p>Auth types: {@code password} / {@code v3password}, {@code v3applicationcredential},
 * {@code none} (no token: an {@code endpoint} is needed) and this SDK's {@code trusted-headers}
 * (no token; a {@link TrustedIdentity} of {@code project_id}, {@code user_id} and {@code roles}
 * sent as headers, for a service without Keystone's middleware: tests and trusted networks only).
 * Without {@code auth_type} an application credential id or name means
 * {@code v3applicationcredential}, anything else {@code password}.
 *
 * <p>Values of secrets are never shown by {@link #toString()} nor in error messages.
 */
public final class CloudConfig {

    /** How requests are authenticated. */
    public enum AuthType {
        /** Keystone v3 password. */
        PASSWORD,
        /** Keystone v3 application credential. */
        APPLICATION_CREDENTIAL,
        /** No authentication at all. */
        NONE,
        /** Identity headers taken on trust by the service (tests, trusted networks). */
        TRUSTED_HEADERS
    }

    private final String cloud;
    private final AuthType authType;
    private final KeystoneCredentials credentials;
    private final TrustedIdentity trustedIdentity;
    private final String endpoint;
    private final String regionName;
    private final String interfaceName;
    private final HttpSettings http;
    private final Map<String, String> values;

    private CloudConfig(String cloud, Map<String, String> v) {
        this.cloud = cloud;
        this.values = Map.copyOf(v);
        this.authType = authType(v);
        this.endpoint = v.get("endpoint");
        this.regionName = v.get("region_name");
        String iface = v.getOrDefault("interface", v.getOrDefault("endpoint_type", "public"));
        this.interfaceName = iface.toLowerCase(Locale.ROOT).replaceFirst("url$", "");
        if (!List.of("public", "internal", "admin").contains(interfaceName)) {
            throw invalid("interface", "must be public, internal or admin");
        }
        this.http = HttpSettings.defaults().tls(v.containsKey("cacert") ? Path.of(v.get("cacert")) : null,
                bool(v, "insecure", false) || !bool(v, "verify", true));
        switch (authType) {
            case PASSWORD:
            case APPLICATION_CREDENTIAL:
                this.credentials = credentials(v);
                this.trustedIdentity = null;
                break;
            case TRUSTED_HEADERS:
                this.credentials = null;
                this.trustedIdentity = new TrustedIdentity(require(v, "project_id"), require(v, "user_id"),
                        Arrays.asList(v.getOrDefault("roles", "member,reader").split("\\s*,\\s*")));
                require(v, "endpoint");
                break;
            default:
                this.credentials = null;
                this.trustedIdentity = null;
                require(v, "endpoint");
        }
    }

    /**
     * Reads the process's environment and the clouds.yaml it names.
     *
     * @return the configuration
     * @throws BadStoreConfigurationException if something needed is missing or malformed
     */
    public static CloudConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads a given environment and the clouds.yaml it names.
     *
     * @param env the environment variables
     * @return the configuration
     * @throws BadStoreConfigurationException if something needed is missing or malformed
     */
    public static CloudConfig fromEnvironment(Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        String cloud = blankToNull(env.get("OS_CLOUD"));
        if (cloud != null) {
            v.putAll(CloudsYaml.cloud(cloud, CloudsYaml.searchPath(env.get("OS_CLIENT_CONFIG_FILE"))));
        }
        v.putAll(fromVariables(env));
        return new CloudConfig(cloud, v);
    }

    /**
     * Reads one cloud of a given clouds.yaml (and of the secure.yaml beside it, if any).
     *
     * @param cloudsYaml the file
     * @param cloud the cloud's name
     * @return the configuration
     * @throws BadStoreConfigurationException if the file or cloud is missing or malformed
     */
    public static CloudConfig fromCloudsYaml(Path cloudsYaml, String cloud) {
        return new CloudConfig(cloud, CloudsYaml.cloud(cloud, List.of(cloudsYaml)));
    }

    /** OS_FOO_BAR=x as foo_bar=x, with the old tenant names as project names. */
    private static Map<String, String> fromVariables(Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String value = blankToNull(e.getValue());
            if (e.getKey().startsWith("OS_") && value != null && !e.getKey().equals("OS_CLOUD")
                    && !e.getKey().equals("OS_CLIENT_CONFIG_FILE")) {
                v.put(CloudsYaml.normalize(e.getKey().substring(3)), value);
            }
        }
        CloudsYaml.aliases(v);
        return v;
    }

    private static AuthType authType(Map<String, String> v) {
        String type = v.get("auth_type");
        if (type == null) {
            return v.containsKey("application_credential_id") || v.containsKey("application_credential_name")
                    ? AuthType.APPLICATION_CREDENTIAL : AuthType.PASSWORD;
        }
        switch (type.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "password":
            case "v3password":
                return AuthType.PASSWORD;
            case "v3applicationcredential":
            case "applicationcredential":
                return AuthType.APPLICATION_CREDENTIAL;
            case "none":
            case "noauth":
                return AuthType.NONE;
            case "trusted_headers":
                return AuthType.TRUSTED_HEADERS;
            default:
                throw invalid("auth_type", "must be password, v3password, v3applicationcredential, none or "
                        + "trusted-headers, not " + type);
        }
    }

    private static KeystoneCredentials credentials(Map<String, String> v) {
        KeystoneCredentials.Builder b = KeystoneCredentials.builder(require(v, "auth_url"));
        if (v.containsKey("application_credential_id") || v.containsKey("application_credential_name")) {
            String secret = require(v, "application_credential_secret");
            if (v.containsKey("application_credential_id")) {
                b.applicationCredential(v.get("application_credential_id"), secret);
            } else {
                b.applicationCredentialName(v.get("application_credential_name"), secret);
            }
            b.user(v.get("username")).userId(v.get("user_id"));
        } else if (v.containsKey("user_id")) {
            b.passwordOfUserId(v.get("user_id"), require(v, "password"));
        } else {
            b.password(require(v, "username"), require(v, "password"));
        }
        String defaultDomainId = v.get("default_domain_id");
        String defaultDomainName = v.get("default_domain_name");
        b.userDomainId(v.getOrDefault("user_domain_id", defaultDomainId))
                .userDomainName(v.getOrDefault("user_domain_name", defaultDomainName))
                .projectId(v.get("project_id")).projectName(v.get("project_name"))
                .projectDomainId(v.getOrDefault("project_domain_id", defaultDomainId))
                .projectDomainName(v.getOrDefault("project_domain_name", defaultDomainName));
        return b.build();
    }

    private static String require(Map<String, String> v, String key) {
        String value = v.get(key);
        if (value == null) {
            throw new BadStoreConfigurationException("OpenStack configuration: " + key + " (OS_"
                    + key.toUpperCase(Locale.ROOT) + ", or in the cloud of clouds.yaml) is required for auth type "
                    + authType(v).name().toLowerCase(Locale.ROOT));
        }
        return value;
    }

    private static boolean bool(Map<String, String> v, String key, boolean otherwise) {
        String value = v.get(key);
        if (value == null) {
            return otherwise;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw invalid(key, "must be true or false");
        }
    }

    private static BadStoreConfigurationException invalid(String key, String problem) {
        return new BadStoreConfigurationException("OpenStack configuration: " + key + " " + problem);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The cloud's name, when read from clouds.yaml.
     *
     * @return the name
     */
    public Optional<String> cloud() {
        return Optional.ofNullable(cloud);
    }

    /**
     * How requests are authenticated.
     *
     * @return the auth type
     */
    public AuthType authType() {
        return authType;
    }

    /**
     * The Keystone credentials, for {@link AuthType#PASSWORD} and
     * {@link AuthType#APPLICATION_CREDENTIAL}.
     *
     * @return the credentials
     */
    public Optional<KeystoneCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * The identity to claim, for {@link AuthType#TRUSTED_HEADERS}.
     *
     * @return the identity
     */
    public Optional<TrustedIdentity> trustedIdentity() {
        return Optional.ofNullable(trustedIdentity);
    }

    /**
     * The service's endpoint when there is no catalog ({@code endpoint}, {@code OS_ENDPOINT}).
     *
     * @return the URL
     */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * The URL of a service that overrides the catalog's: {@code <service>_endpoint_override}
     * ({@code OS_IMAGE_ENDPOINT_OVERRIDE} for {@code image}).
     *
     * @param serviceType the service type, e.g. {@code image} or {@code object-store}
     * @return the URL
     */
    public Optional<String> endpointOverride(String serviceType) {
        return Optional.ofNullable(values.get(CloudsYaml.normalize(serviceType) + "_endpoint_override"));
    }

    /**
     * The region whose endpoints are used.
     *
     * @return the region, or empty for any
     */
    public Optional<String> regionName() {
        return Optional.ofNullable(regionName);
    }

    /**
     * Which endpoints of the catalog are used: {@code public} (default), {@code internal} or
     * {@code admin}.
     *
     * @return the interface
     */
    public String interfaceName() {
        return interfaceName;
    }

    /**
     * The TLS trust of requests: a CA bundle to trust instead of the JDK's ({@code cacert},
     * {@code OS_CACERT}) and whether certificates go unchecked ({@code verify: false},
     * {@code OS_INSECURE}); the timeouts are the defaults.
     *
     * @return the settings
     */
    public HttpSettings http() {
        return http;
    }

    @Override
    public String toString() {
        return "CloudConfig{" + (cloud != null ? "cloud=" + cloud + ", " : "") + "auth=" + authType
                + (credentials != null ? ", " + credentials : "")
                + (trustedIdentity != null ? ", project=" + trustedIdentity.projectId() : "")
                + (endpoint != null ? ", endpoint=" + endpoint : "") + ", interface=" + interfaceName
                + (regionName != null ? ", region=" + regionName : "") + "}";
    }
}
