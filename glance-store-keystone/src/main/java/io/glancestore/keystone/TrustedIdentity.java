package io.glancestore.keystone;

import io.glancestore.exception.BadStoreConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An identity a service takes on trust from request headers, as OpenStack services behind
 * Keystone's {@code authtoken} middleware do: {@code X-Identity-Status: Confirmed},
 * {@code X-Project-Id}, {@code X-User-Id}, {@code X-Roles}. Only for a service whose pipeline
 * has no {@code authtoken} and that only trusted clients can reach (a test server, a trusted
 * network): anyone who can reach such a service can claim any identity.
 *
 * @param projectId the project the requests act for
 * @param userId the user the requests act as
 * @param roles the roles claimed
 */
public record TrustedIdentity(String projectId, String userId, List<String> roles) {

    private static final Pattern HEADER_VALUE = Pattern.compile("[A-Za-z0-9_.:@-]{1,255}");

    /** Checks the values: they become header values. */
    public TrustedIdentity {
        check("project id", projectId);
        check("user id", userId);
        roles = List.copyOf(roles);
        if (roles.isEmpty()) {
            throw new BadStoreConfigurationException("a trusted identity needs at least one role");
        }
        roles.forEach(r -> check("role", r));
    }

    private static void check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!HEADER_VALUE.matcher(value).matches()) {
            throw new BadStoreConfigurationException("trusted identity: " + what
                    + " must be 1 to 255 letters, digits or _.:@- characters");
        }
    }

    /**
     * The headers that carry this identity.
     *
     * @return header names and values
     */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Identity-Status", "Confirmed");
        h.put("X-Project-Id", projectId);
        h.put("X-Tenant-Id", projectId);
        h.put("X-User-Id", userId);
        h.put("X-Roles", String.join(",", roles));
        return h;
    }
}
