package io.glancestore.location;

/**
 * The value semantics every location type shares, so each type writes only its parsing and its
 * parts: two locations are equal when they are of the same type and format to the same
 * {@link #uri()}, and {@link #toString()} is the {@linkplain #maskedUri() masked URI}, safe to
 * log. A location type without credentials keeps {@link #maskedUri()} as it is here, the URI
 * itself; one with credentials overrides it.
 */
public abstract class AbstractStoreLocation implements StoreLocation {

    /** For subclasses. */
    protected AbstractStoreLocation() {
    }

    /** {@inheritDoc} Here the URI itself: a location type with credentials must override this. */
    @Override
    public String maskedUri() {
        return uri();
    }

    /**
     * Whether {@code o} is a location of the same type with the same URI.
     *
     * @param o the other object
     * @return {@code true} if both name the same place the same way
     */
    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((StoreLocation) o).uri().equals(uri());
    }

    @Override
    public final int hashCode() {
        return uri().hashCode();
    }

    /** {@inheritDoc} The {@linkplain #maskedUri() masked URI}. */
    @Override
    public final String toString() {
        return maskedUri();
    }
}
