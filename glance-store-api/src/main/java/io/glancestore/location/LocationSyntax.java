package io.glancestore.location;

import io.glancestore.exception.BadStoreUriException;

/**
 * The checks every location type makes, for location types that live with their driver outside
 * this package: characters no location may hold, the {@code host[:port]} of network locations,
 * and the masked error for a malformed location. The location types of this package use the same
 * checks, so every scheme refuses the same things in the same words.
 */
public final class LocationSyntax {

    /** What stands in for a secret in masked text. */
    public static final String MASK = Locations.MASK;

    private LocationSyntax() {
    }

    /**
     * Finds text that no location may hold: control characters (CR/LF would let a location
     * forge log lines, NUL truncates C strings, and Python's URL parser silently drops some of
     * them, so the two sides would disagree) and unpaired surrogates (not encodable as UTF-8).
     *
     * @param text the text
     * @return a description of the first bad character (never the text), or {@code null} if
     *     there is none
     */
    public static String badCharacter(String text) {
        return Locations.badCharacter(text);
    }

    /**
     * Finds what is wrong with a URI authority that must be {@code host} or {@code host:port}: a
     * DNS name or IPv4 address, or an IPv6 address in brackets; the port, if present, 1 to 65535.
     *
     * @param hostPort the authority
     * @return the problem, or {@code null} if it is fine
     */
    public static String hostPortProblem(String hostPort) {
        return HostPort.problem(hostPort);
    }

    /**
     * The exception for a malformed location, with the URI masked.
     *
     * @param kind the store kind, e.g. {@code s3}
     * @param uri the offending URI (masked here)
     * @param reason why it is rejected; must not contain credentials
     * @return the exception to throw
     */
    public static BadStoreUriException invalid(String kind, String uri, String reason) {
        return Locations.invalid(kind, uri, reason);
    }
}
