package io.glancestore.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.location.Locations;
import io.glancestore.support.AddPipeline;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;

/**
 * Turns whatever a driver threw into the SDK's typed errors, with credentials masked. Drivers
 * throw typed errors for what they can name; everything else becomes a {@link BackendException}.
 */
final class ErrorTranslator {

    private ErrorTranslator() {
    }

    /**
     * Translates a failure.
     *
     * @param t what was thrown
     * @param action what was being done, e.g. {@code add of image 1234 to store 'fast'}
     * @return the exception to throw
     */
    static GlanceStoreException translate(Throwable t, String action) {
        if (t instanceof AddPipeline.PipelineFailure && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GlanceStoreException) {
            return (GlanceStoreException) t;
        }
        String detail = Locations.mask(String.valueOf(t.getMessage()));
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
            return new NotFoundException(action + " failed: not found", t);
        }
        return new BackendException(action + " failed: " + t.getClass().getSimpleName() + ": " + detail, t);
    }
}
