package io.glancestore.keystone;

import io.glancestore.exception.BadStoreConfigurationException;
import java.util.Objects;

/**
 * Keystone v3 credentials: a user's password, or an application credential, with the project to
 * scope the token to. The password and the secret are never shown by {@link #toString()}.
 *
 * <pre>{@code
 * KeystoneCredentials c = KeystoneCredentials.builder("https://keystone:5000/v3")
 *         .password("glance", "secret").userDomainName("Default")
 *         .projectName("service").projectDomainName("Default").build();
 * }</pre>
 */
public final class KeystoneCredentials {

    /** How the credentials authenticate. */
    public enum Method {
        /** A user name or id and a password. */
        PASSWORD,
        /** An application credential id (or a user's credential name) and its secret. */
        APPLICATION_CREDENTIAL
    }

    private final String authUrl;
    private final Method method;
    private final String userId;
    private final String username;
    private final String userDomainId;
    private final String userDomainName;
    private final String secret;
    private final String projectId;
    private final String projectName;
    private final String projectDomainId;
    private final String projectDomainName;
    private final String applicationCredentialId;
    private final String applicationCredentialName;

    private KeystoneCredentials(Builder b) {
        this.authUrl = b.authUrl.replaceAll("/+$", "");
        this.method = b.method;
        this.userId = b.userId;
        this.username = b.username;
        boolean userDomain = b.userDomainId != null || b.userDomainName != null;
        // As keystoneauth: a user or project named without a domain is in the default domain.
        this.userDomainId = userDomain || username == null ? b.userDomainId : "default";
        this.userDomainName = b.userDomainName;
        this.secret = b.secret;
        this.projectId = b.projectId;
        this.projectName = b.projectName;
        boolean projectDomain = b.projectDomainId != null || b.projectDomainName != null;
        this.projectDomainId = projectDomain || projectName == null ? b.projectDomainId : "default";
        this.projectDomainName = b.projectDomainName;
        this.applicationCredentialId = b.applicationCredentialId;
        this.applicationCredentialName = b.applicationCredentialName;
    }

    /**
     * Starts describing credentials.
     *
     * @param authUrl Keystone's v3 URL, e.g. {@code https://keystone:5000/v3}
     * @return a builder
     */
    public static Builder builder(String authUrl) {
        return new Builder(authUrl);
    }

    /** @return Keystone's URL, without a trailing slash */
    public String authUrl() {
        return authUrl;
    }

    /** @return how these credentials authenticate */
    public Method method() {
        return method;
    }

    /** @return the user id, or {@code null} */
    public String userId() {
        return userId;
    }

    /** @return the user name, or {@code null} */
    public String username() {
        return username;
    }

    /** @return the user's domain id, or {@code null} */
    public String userDomainId() {
        return userDomainId;
    }

    /** @return the user's domain name, or {@code null} */
    public String userDomainName() {
        return userDomainName;
    }

    /**
     * The password or the application credential's secret. Never log it.
     *
     * @return the secret
     */
    public String secret() {
        return secret;
    }

    /** @return the project id to scope to, or {@code null} */
    public String projectId() {
        return projectId;
    }

    /** @return the project name to scope to, or {@code null} */
    public String projectName() {
        return projectName;
    }

    /** @return the project's domain id, or {@code null} */
    public String projectDomainId() {
        return projectDomainId;
    }

    /** @return the project's domain name, or {@code null} */
    public String projectDomainName() {
        return projectDomainName;
    }

    /** @return the application credential id, or {@code null} */
    public String applicationCredentialId() {
        return applicationCredentialId;
    }

    /** @return the application credential name (with a user), or {@code null} */
    public String applicationCredentialName() {
        return applicationCredentialName;
    }

    /**
     * Who these credentials are, for messages: the user or the application credential, never
     * the secret.
     *
     * @return e.g. {@code user glance} or {@code application credential 6f2a...}
     */
    public String who() {
        if (method == Method.APPLICATION_CREDENTIAL) {
            return "application credential " + (applicationCredentialId != null ? applicationCredentialId
                    : applicationCredentialName + " of user " + (username != null ? username : userId));
        }
        return "user " + (username != null ? username : userId);
    }

    /**
     * Whether the token is scoped to a project (else Keystone scopes it to the user's default
     * project, if any).
     *
     * @return true if a project is named
     */
    public boolean projectScoped() {
        return projectId != null || projectName != null;
    }

    /**
     * A key that tells credentials apart without holding the secret itself (a hash of it), to
     * share one token among equal credentials.
     *
     * @return the key
     */
    public String identity() {
        return method + "|" + authUrl + "|" + userId + "|" + username + "|" + userDomainId + "|" + userDomainName
                + "|" + projectId + "|" + projectName + "|" + projectDomainId + "|" + projectDomainName + "|"
                + applicationCredentialId + "|" + applicationCredentialName + "|" + Integer.toHexString(secret.hashCode());
    }

    @Override
    public String toString() {
        return "KeystoneCredentials{" + authUrl + ", " + who()
                + (projectScoped() ? ", project=" + (projectName != null ? projectName : projectId) : "")
                + ", secret=***}";
    }

    /** Describes {@link KeystoneCredentials}. */
    public static final class Builder {
        private final String authUrl;
        private Method method;
        private String userId;
        private String username;
        private String userDomainId;
        private String userDomainName;
        private String secret;
        private String projectId;
        private String projectName;
        private String projectDomainId;
        private String projectDomainName;
        private String applicationCredentialId;
        private String applicationCredentialName;

        private Builder(String authUrl) {
            this.authUrl = Objects.requireNonNull(authUrl, "authUrl");
        }

        /**
         * A user, by name, and its password.
         *
         * @param username the user name
         * @param password the password
         * @return this builder
         */
        public Builder password(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            return authenticate(Method.PASSWORD, password, "password");
        }

        /**
         * A user, by id, and its password.
         *
         * @param userId the user id
         * @param password the password
         * @return this builder
         */
        public Builder passwordOfUserId(String userId, String password) {
            this.userId = Objects.requireNonNull(userId, "userId");
            return authenticate(Method.PASSWORD, password, "password");
        }

        /**
         * An application credential, by id, and its secret. The credential carries its project.
         *
         * @param id the application credential id
         * @param secret its secret
         * @return this builder
         */
        public Builder applicationCredential(String id, String secret) {
            this.applicationCredentialId = Objects.requireNonNull(id, "id");
            return authenticate(Method.APPLICATION_CREDENTIAL, secret, "secret");
        }

        /**
         * An application credential by name, which needs its user ({@link #user(String)} or
         * {@link #userId(String)}).
         *
         * @param name the application credential name
         * @param secret its secret
         * @return this builder
         */
        public Builder applicationCredentialName(String name, String secret) {
            this.applicationCredentialName = Objects.requireNonNull(name, "name");
            return authenticate(Method.APPLICATION_CREDENTIAL, secret, "secret");
        }

        /** The method and its secret, which every way of authenticating sets together. */
        private Builder authenticate(Method method, String secret, String name) {
            this.method = method;
            this.secret = Objects.requireNonNull(secret, name);
            return this;
        }

        /**
         * The user by name (for an application credential named by its name).
         *
         * @param username the user name
         * @return this builder
         */
        public Builder user(String username) {
            this.username = username;
            return this;
        }

        /**
         * The user by id (for an application credential named by its name).
         *
         * @param userId the user id
         * @return this builder
         */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * The user's domain by id (default: {@code default} when the user is named).
         *
         * @param id the domain id
         * @return this builder
         */
        public Builder userDomainId(String id) {
            this.userDomainId = id;
            return this;
        }

        /**
         * The user's domain by name.
         *
         * @param name the domain name
         * @return this builder
         */
        public Builder userDomainName(String name) {
            this.userDomainName = name;
            return this;
        }

        /**
         * Scopes the token to a project, by id.
         *
         * @param id the project id
         * @return this builder
         */
        public Builder projectId(String id) {
            this.projectId = id;
            return this;
        }

        /**
         * Scopes the token to a project, by name (in {@link #projectDomainName} or
         * {@link #projectDomainId}, default {@code default}).
         *
         * @param name the project name
         * @return this builder
         */
        public Builder projectName(String name) {
            this.projectName = name;
            return this;
        }

        /**
         * The project's domain by id.
         *
         * @param id the domain id
         * @return this builder
         */
        public Builder projectDomainId(String id) {
            this.projectDomainId = id;
            return this;
        }

        /**
         * The project's domain by name.
         *
         * @param name the domain name
         * @return this builder
         */
        public Builder projectDomainName(String name) {
            this.projectDomainName = name;
            return this;
        }

        /**
         * Checks and builds the credentials.
         *
         * @return the credentials
         * @throws BadStoreConfigurationException if something needed is missing
         */
        public KeystoneCredentials build() {
            if (!authUrl.startsWith("http://") && !authUrl.startsWith("https://")) {
                throw new BadStoreConfigurationException("keystone auth URL must start with http:// or https://: "
                        + authUrl);
            }
            if (method == null) {
                throw new BadStoreConfigurationException("keystone credentials need a password or an application"
                        + " credential secret");
            }
            if (method == Method.APPLICATION_CREDENTIAL && applicationCredentialId == null
                    && username == null && userId == null) {
                throw new BadStoreConfigurationException("an application credential named by its name needs its user");
            }
            if (secret.isEmpty()) {
                throw new BadStoreConfigurationException("keystone credentials of "
                        + (username != null ? username : userId != null ? userId : applicationCredentialId)
                        + " have an empty secret");
            }
            return new KeystoneCredentials(this);
        }
    }
}
