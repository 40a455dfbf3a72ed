package io.glancestore.support;

import io.glancestore.exception.DuplicateException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names that adds in progress in this JVM are writing, so that two concurrent adds of one
 * image id to one place cannot both pass a remote store's existence check (a conditional PUT
 * that servers accept from two uploads that overlap). An add reserves its name before it checks
 * and opens anything; the second add of the name fails with {@link DuplicateException} at once.
 * The reservation is held until the add's session {@linkplain #release releases} it, or dropped
 * at once when opening the session fails. Across processes only the store itself protects.
 */
public final class AddReservations {

    /**
     * Opens the session of an add, once its name is reserved.
     *
     * @param <T> the session
     */
    @FunctionalInterface
    public interface Opener<T> {
        /**
         * Opens the session, which releases the reservation when it ends.
         *
         * @return the session
         * @throws IOException if it cannot be opened
         */
        T open() throws IOException;
    }

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** No name reserved yet. */
    public AddReservations() {
    }

    /**
     * Reserves a name and opens the add's session; the name is released again when opening fails.
     *
     * @param <T> the session
     * @param name what the add writes, unique per object among the stores of this JVM (e.g. its
     *     endpoint, container and key); no secret
     * @param imageId the image, for the error
     * @param where where it is added, for the error, e.g. {@code bucket glance}
     * @param opener opens the session, which must {@linkplain #release release} the name when it ends
     * @return the session
     * @throws DuplicateException when another add of this JVM has reserved the name
     * @throws IOException as the opener throws
     */
    public <T> T open(String name, String imageId, String where, Opener<T> opener) throws IOException {
        if (!held.add(name)) {
            throw new DuplicateException("image " + imageId + " is being added to " + where + " already");
        }
        boolean opened = false;
        try {
            T session = opener.open();
            opened = true;
            return session;
        } finally {
            if (!opened) {
                held.remove(name);
            }
        }
    }

    /**
     * Releases a name an add reserved, once its session has ended.
     *
     * @param name the name given to {@link #open}
     */
    public void release(String name) {
        held.remove(name);
    }
}
