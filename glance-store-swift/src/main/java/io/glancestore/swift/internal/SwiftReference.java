package io.glancestore.swift.internal;

import java.util.Objects;

/**
 * One set of Swift credentials: a named reference of a glance-swift.conf, or the
 * {@code swift_store_auth_address}/{@code swift_store_user}/{@code swift_store_key} options. The
 * key is a secret: {@link #toString()} never shows it.
 *
 * @param name the reference name ({@code ref1} by default)
 * @param authAddress the auth URL, e.g. {@code https://keystone:5000/v3} or
 *     {@code http://127.0.0.1:8080/auth/v1.0}
 * @param user the user; for Keystone {@code project:user} as glance_store writes it
 * @param key the key or password (secret)
 * @param authVersion {@code 1} (tempauth/swauth) or {@code 3} (Keystone v3)
 * @param userDomainId Keystone user domain id, or null
 * @param userDomainName Keystone user domain name, or null
 * @param projectDomainId Keystone project domain id, or null
 * @param projectDomainName Keystone project domain name, or null
 * @param applicationCredentialId Keystone application credential id, or null (then the secret is
 *     the key)
 */
public record SwiftReference(String name, String authAddress, String user, String key, String authVersion,
        String userDomainId, String userDomainName, String projectDomainId, String projectDomainName,
        String applicationCredentialId) {

    /** Checks the required parts. */
    public SwiftReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authAddress, "authAddress");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(authVersion, "authVersion");
        if (applicationCredentialId == null) {
            Objects.requireNonNull(user, "user");
        }
        if (userDomainId == null && userDomainName == null) {
            userDomainId = "default";
        }
        if (projectDomainId == null && projectDomainName == null) {
            projectDomainId = "default";
        }
    }

    /**
     * Credentials given in a location URI, with the store's auth version and domains.
     *
     * @param authUrl the auth URL
     * @param user the user
     * @param key the key
     * @param like the store's reference, for the auth version and domains
     * @return the reference
     */
    static SwiftReference fromLocation(String authUrl, String user, String key, SwiftReference like) {
        if (like == null) {
            return new SwiftReference("location", authUrl, user, key, guessVersion(authUrl),
                    null, null, null, null, null);
        }
        return new SwiftReference("location", authUrl, user, key, like.authVersion, like.userDomainId,
                like.userDomainName, like.projectDomainId, like.projectDomainName, null);
    }

    /** An auth address ending in /v1.0 or /auth/v1.0 is tempauth; anything else Keystone v3. */
    static String guessVersion(String authUrl) {
        return authUrl.replaceAll("/+$", "").endsWith("v1.0") ? "1" : "3";
    }

    /**
     * Whether the auth address is plain http (locations then use {@code swift+http}).
     *
     * @return true for {@code http://}
     */
    boolean plainHttp() {
        return authAddress.startsWith("http://");
    }

    /** What identifies one account session: the same credentials share one token. */
    String identity() {
        return authVersion + "|" + authAddress + "|" + user + "|" + applicationCredentialId + "|"
                + Integer.toHexString(key.hashCode()) + "|" + userDomainId + "|" + userDomainName + "|"
                + projectDomainId + "|" + projectDomainName;
    }

    @Override
    public String toString() {
        return "SwiftReference{" + name + ", auth=" + authAddress + ", v" + authVersion + ", user=" + user
                + (applicationCredentialId != null ? ", applicationCredential=" + applicationCredentialId : "")
                + ", key=***}";
    }
}
