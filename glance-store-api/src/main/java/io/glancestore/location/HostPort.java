package io.glancestore.location;

/**
 * Checks the {@code host[:port]} part of network locations. Python does not validate it at all;
 * we do, so a location that parses here can also be dialled.
 */
public final class HostPort {

    private HostPort() {
    }

    /**
     * Brackets a bare IPv6 address, as glance_store does for vSphere hosts; anything else is
     * returned as is.
     *
     * @param host a host name, an IPv4 or IPv6 address, optionally with a port
     * @return the host as it appears in a URI
     */
    public static String bracketIpv6(String host) {
        boolean bareIpv6 = !host.startsWith("[") && host.indexOf(':') != host.lastIndexOf(':');
        return bareIpv6 ? "[" + host + "]" : host;
    }

    /**
     * Finds what is wrong with a URI authority that must be {@code host} or {@code host:port}:
     * a DNS name or IPv4 address (ASCII letters, digits, {@code - . _ ~}), or an IPv6 address in
     * brackets; the port, if present, 1 to 65535.
     *
     * @param hostPort the authority
     * @return the problem, or {@code null} if it is fine
     */
    public static String problem(String hostPort) {
        if (hostPort.isEmpty()) {
            return "no host";
        }
        if (hostPort.indexOf('@') >= 0) {
            return "credentials are not allowed in this location";
        }
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return "unclosed '[' in host";
            }
            if (!isIpv6Literal(hostPort.substring(1, close))) {
                return "not an IPv6 address in brackets";
            }
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return "unexpected text after ']' in host";
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = hostPort.indexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (host.isEmpty() || !host.chars().allMatch(HostPort::isNameChar)) {
                return "host must be a DNS name, an IPv4 address or an IPv6 address in brackets";
            }
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        return port == null || isPort(port) ? null : "port must be a number from 1 to 65535";
    }

    private static boolean isIpv6Literal(String s) {
        return s.indexOf(':') >= 0
                && s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 0x80);
    }

    private static boolean isPort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int port = Integer.parseInt(s);
        return port >= 1 && port <= 65535;
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
