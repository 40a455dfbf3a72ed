package io.glancestore.glance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.location.Locations;
import java.io.IOException;

/** Glance's HTTP answers as the SDK's typed errors. */
public final class GlanceErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Glance's error messages are a line or two; anything longer is cut. */
    private static final int MAX_MESSAGE = 400;

    private GlanceErrors() {
    }

    /**
     * The error of a status.
     *
     * @param status the HTTP status
     * @param body the answer's body (Glance's JSON error, or anything), may be null
     * @param action what was asked, e.g. {@code GET image 1234}
     * @return the typed error
     */
    public static GlanceStoreException of(int status, byte[] body, String action) {
        String message = "glance: " + action + " answered HTTP " + status + explanation(body);
        switch (status) {
            case 400:
                return new InvalidException(message);
            case 401:
                return new AuthorizationFailureException(message);
            case 403:
                return new ForbiddenException(message);
            case 404:
                return new NotFoundException(message);
            case 409:
                return new DuplicateException(message);
            case 413:
                return new InvalidException(message);
            default:
                return status >= 500 ? new RemoteServiceUnavailableException(message) : new BackendException(message);
        }
    }

    /** An I/O failure talking to Glance. */
    public static GlanceStoreException unreachable(String endpoint, String action, IOException e) {
        return new RemoteServiceUnavailableException("glance at " + endpoint + ": " + action + " failed: "
                + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + Locations.mask(e.getMessage()) : ""), e);
    }

    /** Glance's own message, without its HTML line breaks, masked, on one line, cut short. */
    static String explanation(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text;
        try {
            JsonNode node = JSON.readTree(body);
            text = node.path("message").asText(node.path("error").path("message").asText(""));
        } catch (IOException e) {
            text = "";
        }
        text = text.replaceAll("<br\\s*/?>", " ").replaceAll("\\s+", " ").trim();
        if (text.isEmpty()) {
            return "";
        }
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "...";
        }
        return ": " + Locations.printable(Locations.mask(text));
    }
}
