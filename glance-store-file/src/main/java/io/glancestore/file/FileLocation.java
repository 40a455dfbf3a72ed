package io.glancestore.file;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.AbstractStoreLocation;
import io.glancestore.location.LocationSyntax;
import io.glancestore.location.Locations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Location of an image in a filesystem store: {@code file:///<absolute path>}, written exactly as
 * glance_store writes it ({@code "file://" + path}, the path neither quoted nor decoded). The
 * legacy {@code filesystem://} scheme is accepted on parse and written back as {@code file://}.
 *
 * <p>Paths that glance_store would read differently from how they were written are refused:
 * relative paths or a host part ({@code file://host/x}), {@code ?} and {@code #} (Python's URL
 * parser cuts them off as query and fragment), leading or trailing whitespace (Python strips it),
 * control characters, and empty, {@code .} or {@code ..} segments (which could step out of the
 * store's directory or point at a directory).
 */
public final class FileLocation extends AbstractStoreLocation {

    /** The scheme glance_store writes for filesystem locations. */
    public static final String SCHEME = "file";
    /** The older scheme glance_store still reads. */
    public static final String SCHEME_LEGACY = "filesystem";

    private static final String PREFIX = SCHEME + "://";
    private static final String LEGACY_PREFIX = SCHEME_LEGACY + "://";

    private final String path;
    private final Path nioPath;

    private FileLocation(String path, Path nioPath) {
        this.path = path;
        this.nioPath = nioPath;
    }

    /**
     * Parses a {@code file://} or {@code filesystem://} location.
     *
     * @param uri the URI, e.g. {@code file:///var/lib/glance/images/<id>}
     * @return the location
     * @throws BadStoreUriException if the URI is malformed or its path is not acceptable
     */
    public static FileLocation parse(String uri) {
        String path;
        if (uri != null && uri.startsWith(PREFIX)) {
            path = uri.substring(PREFIX.length());
        } else if (uri != null && uri.startsWith(LEGACY_PREFIX)) {
            path = uri.substring(LEGACY_PREFIX.length());
        } else {
            throw LocationSyntax.invalid(SCHEME, uri, "must start with file:// or filesystem://");
        }
        return create(path, uri);
    }

    /**
     * The location of a file.
     *
     * @param absolutePath an absolute POSIX path, without {@code .} or {@code ..} segments
     * @return the location
     * @throws BadStoreUriException if the path is not acceptable in a location
     */
    public static FileLocation of(Path absolutePath) {
        Objects.requireNonNull(absolutePath, "absolutePath");
        String path = absolutePath.toString();
        return create(path, PREFIX + path);
    }

    private static FileLocation create(String path, String uri) {
        String problem = problem(path);
        if (problem != null) {
            throw LocationSyntax.invalid(SCHEME, uri, problem);
        }
        try {
            return new FileLocation(path, Path.of(path));
        } catch (InvalidPathException e) {
            throw new BadStoreUriException("invalid file location " + Locations.mask(uri)
                    + ": not a valid path on this system", e);
        }
    }

    private static String problem(String path) {
        if (path.isEmpty()) {
            return "no path";
        }
        if (path.charAt(0) != '/') {
            return "path must be absolute and there must be no host: file:///<absolute path>";
        }
        String bad = LocationSyntax.badCharacter(path);
        if (bad != null) {
            return bad;
        }
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            return "'?' and '#' are not allowed (they would be read as query or fragment)";
        }
        if (isPythonWhitespace(path.charAt(path.length() - 1))) {
            return "path must not end with whitespace";
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty path segment (doubled or trailing '/')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "'.' and '..' segments are not allowed";
            }
        }
        return null;
    }

    /** What Python's {@code str.strip()} removes, so we refuse what it would silently drop. */
    private static boolean isPythonWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /**
     * The file's path.
     *
     * @return the absolute path
     */
    public Path path() {
        return nioPath;
    }

    @Override
    public String imageId() {
        Path name = path().getFileName();
        return name == null ? "" : name.toString();
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String uri() {
        return PREFIX + path;
    }
}
