package io.glancestore.vmware;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.AbstractStoreLocation;
import io.glancestore.location.HostPort;
import io.glancestore.location.LocationSyntax;
import io.glancestore.location.PercentCodec;
import java.util.Objects;

/**
 * Location of an image in a VMware datastore:
 * {@code vsphere://<host[:port]>/folder/<image dir>/<image id>?dsName=<datastore>&dcPath=<datacenter path>},
 * as glance_store writes it: the query built by Python's {@code urlencode} ({@code dsName}
 * first, values quoted with {@code quote_plus}: a space becomes {@code +}, {@code /} becomes
 * {@code %2F}); the path written as it is. Parsing accepts the two parameters in either order
 * and writes them back in glance_store's order.
 *
 * <p>A vSphere location has no credentials: {@link #maskedUri()} is {@link #uri()}.
 */
public final class VsphereLocation extends AbstractStoreLocation {

    /** The scheme of VMware datastore locations. */
    public static final String SCHEME = "vsphere";
    /** glance_store's default {@code vmware_store_image_dir}. */
    public static final String DEFAULT_IMAGE_DIR = "/openstack_glance";

    private static final String PREFIX = "vsphere://";
    /** The datastore file browser's URL prefix; the datastore path follows it. */
    private static final String FOLDER = "/folder";
    private static final String DS_NAME = "dsName";
    private static final String DC_PATH = "dcPath";
    /** RFC 3986 {@code pchar} besides unreserved characters and escapes. */
    private static final String PATH_SAFE = "!$&'()*+,;=:@";

    private final String host;
    private final String path;
    private final String datacenterPath;
    private final String datastoreName;
    private final String query;

    private VsphereLocation(String host, String path, String datacenterPath, String datastoreName) {
        this.host = host;
        this.path = path;
        this.datacenterPath = datacenterPath;
        this.datastoreName = datastoreName;
        this.query = DS_NAME + "=" + PercentCodec.quotePlus(datastoreName)
                + "&" + DC_PATH + "=" + PercentCodec.quotePlus(datacenterPath);
    }

    /**
     * Parses a {@code vsphere://} location.
     *
     * @param uri the URI
     * @return the location
     * @throws BadStoreUriException if the URI is malformed: no {@code /folder} path, a missing,
     *     empty, repeated or unknown query parameter, a bad escape, or control characters
     */
    public static VsphereLocation parse(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) {
            throw invalid(uri, "must start with vsphere://");
        }
        String bad = LocationSyntax.badCharacter(uri);
        if (bad != null) {
            throw invalid(uri, bad);
        }
        if (uri.indexOf('#') >= 0) {
            throw invalid(uri, "'#' is not allowed");
        }
        String rest = uri.substring(PREFIX.length());
        int question = rest.indexOf('?');
        int slash = rest.indexOf('/');
        if (question < 0) {
            throw invalid(uri, "no query with dsName and dcPath");
        }
        if (slash < 0 || slash > question) {
            throw invalid(uri, "no path");
        }
        String host = rest.substring(0, slash);
        String fullPath = rest.substring(slash, question);
        if (!fullPath.startsWith(FOLDER + "/")) {
            throw invalid(uri, "path must start with " + FOLDER + "/");
        }
        String datastoreName = null;
        String datacenterPath = null;
        for (String pair : rest.substring(question + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0 || !(name.equals(DS_NAME) || name.equals(DC_PATH))) {
                throw invalid(uri, "the query must be exactly dsName=<datastore>&dcPath=<datacenter path>");
            }
            String value;
            try {
                value = PercentCodec.unquote(pair.substring(eq + 1), true);
            } catch (IllegalArgumentException e) {
                throw invalid(uri, "in " + name + ": " + e.getMessage());
            }
            if (name.equals(DS_NAME) ? datastoreName != null : datacenterPath != null) {
                throw invalid(uri, "repeated " + name);
            }
            if (name.equals(DS_NAME)) {
                datastoreName = value;
            } else {
                datacenterPath = value;
            }
        }
        if (datastoreName == null || datacenterPath == null) {
            throw invalid(uri, "both dsName and dcPath are required");
        }
        String path = fullPath.substring(FOLDER.length());
        String problem = problem(host, path, datacenterPath, datastoreName);
        if (problem != null) {
            throw invalid(uri, problem);
        }
        return new VsphereLocation(host, path, datacenterPath, datastoreName);
    }

    /**
     * The location of an image, as glance_store's vSphere store writes it.
     *
     * @param host the vCenter or ESX host, optionally with a port; a bare IPv6 address is
     *     bracketed
     * @param imageDir the image directory in the datastore ({@code null} for
     *     {@link #DEFAULT_IMAGE_DIR}); surrounding {@code /} are dropped, as glance_store does
     * @param imageId the image id, the file name
     * @param datacenterPath the datacenter inventory path, e.g. {@code ha-datacenter}
     * @param datastoreName the datastore name
     * @return the location
     * @throws BadStoreUriException if a part is empty or not acceptable
     */
    public static VsphereLocation of(String host, String imageDir, String imageId, String datacenterPath,
            String datastoreName) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(datacenterPath, "datacenterPath");
        Objects.requireNonNull(datastoreName, "datastoreName");
        String dir = (imageDir == null ? DEFAULT_IMAGE_DIR : imageDir).replaceAll("^/+|/+$", "");
        if (imageId.indexOf('/') >= 0) {
            throw new BadStoreUriException("invalid vsphere location: the image id must not contain '/'");
        }
        String bracketed = HostPort.bracketIpv6(host);
        String path = (dir.isEmpty() ? "" : "/" + dir) + "/" + imageId;
        String problem = problem(bracketed, path, datacenterPath, datastoreName);
        if (problem != null) {
            throw new BadStoreUriException("invalid vsphere location: " + problem);
        }
        return new VsphereLocation(bracketed, path, datacenterPath, datastoreName);
    }

    private static String problem(String host, String path, String datacenterPath, String datastoreName) {
        String problem = HostPort.problem(host);
        if (problem != null) {
            return problem;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "empty, '.' or '..' path segment";
            }
            boolean plain = segment.chars().allMatch(c -> c < 0x80
                    && (Character.isLetterOrDigit(c) || "-._~%".indexOf(c) >= 0 || PATH_SAFE.indexOf(c) >= 0));
            if (!plain || !PercentCodec.hasValidEscapes(segment)) {
                return "path segments may hold only URI path characters and well-formed escapes";
            }
        }
        if (datacenterPath.isEmpty() || datastoreName.isEmpty()) {
            return "empty dsName or dcPath";
        }
        String bad = LocationSyntax.badCharacter(datacenterPath + datastoreName);
        return bad == null ? null : bad + " in dsName or dcPath";
    }

    private static BadStoreUriException invalid(String uri, String reason) {
        return LocationSyntax.invalid(SCHEME, uri, reason);
    }

    /**
     * The host, as written in the URI: an IPv6 address is in brackets, a port follows if given.
     *
     * @return the host, e.g. {@code vcenter.example.com:443} or {@code [::1]}
     */
    public String host() {
        return host;
    }

    /**
     * The path of the image file inside the datastore, what follows {@code /folder} in the URI.
     *
     * @return the datastore path, e.g. {@code /openstack_glance/<image id>}
     */
    public String path() {
        return path;
    }

    /**
     * The image id: the last segment of the path.
     *
     * @return the image id
     */
    @Override
    public String imageId() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The datacenter inventory path, decoded.
     *
     * @return the datacenter path
     */
    public String datacenterPath() {
        return datacenterPath;
    }

    /**
     * The datastore name, decoded.
     *
     * @return the datastore name
     */
    public String datastoreName() {
        return datastoreName;
    }

    /**
     * The URL to transfer the image over: the location with the {@code https} scheme, as
     * glance_store's {@code https_url}.
     *
     * @return {@code https://<host>/folder<path>?dsName=<ds>&dcPath=<dc>}
     */
    public String httpsUrl() {
        return "https://" + host + FOLDER + path + "?" + query;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String uri() {
        return PREFIX + host + FOLDER + path + "?" + query;
    }
}
