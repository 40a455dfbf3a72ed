package io.glancestore.location;

/**
 * A location of an object in an object store, in glance_store's form
 * {@code <scheme>://[<user>:<secret>@]<address>/<container>/<object>}, the object being the image
 * id: the URI may carry credentials, whose secret {@link #maskedUri()}, and so
 * {@link #toString()}, replace by {@code ***}. The user is kept in the masked URI to tell
 * locations apart. A location type of this form passes its parts, as written in the URI, to the
 * constructor, and adds its parsing and the accessors of its parts.
 */
public abstract class ObjectStoreLocation extends AbstractStoreLocation {

    private final String scheme;
    private final String object;
    private final String uri;
    private final String maskedUri;

    /**
     * Formats the URI and its masked form from the parts, already checked and quoted as the
     * location type writes them.
     *
     * @param scheme the scheme
     * @param user the user (or access key) as written in the URI, or {@code null} without credentials
     * @param secret the secret (key or password) as written in the URI, or {@code null} without
     *     credentials
     * @param address where the store is reached: {@code host[:port][/path]}, or a name that
     *     stands for it
     * @param container the container (or bucket)
     * @param object the object, the image id
     */
    protected ObjectStoreLocation(String scheme, String user, String secret, String address, String container,
            String object) {
        this.scheme = scheme;
        this.object = object;
        String place = address + '/' + container + '/' + object;
        this.uri = format(scheme, user, secret, place);
        this.maskedUri = format(scheme, user, secret == null ? null : LocationSyntax.MASK, place);
    }

    private static String format(String scheme, String user, String secret, String place) {
        StringBuilder b = new StringBuilder(scheme).append("://");
        if (secret != null) {
            b.append(user).append(':').append(secret).append('@');
        }
        return b.append(place).toString();
    }

    /**
     * The object name, which is the image id.
     *
     * @return the image id
     */
    @Override
    public final String imageId() {
        return object;
    }

    @Override
    public final String scheme() {
        return scheme;
    }

    @Override
    public final String uri() {
        return uri;
    }

    /** {@inheritDoc} Only the secret is replaced; the user is kept to tell locations apart. */
    @Override
    public final String maskedUri() {
        return maskedUri;
    }
}
