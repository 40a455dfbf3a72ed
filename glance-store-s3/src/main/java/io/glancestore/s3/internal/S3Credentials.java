package io.glancestore.s3.internal;

import java.util.Objects;

/**
 * An access key and its secret key. Never printed: {@link #toString()} shows the access key only.
 *
 * @param accessKey the access key
 * @param secretKey the secret key
 */
public record S3Credentials(String accessKey, String secretKey) {

    /** Checks the keys are there. */
    public S3Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /**
     * Why these keys cannot be written into a location that glance_store reads back, if they
     * cannot.
     *
     * @return the problem (never quoting the keys), or {@code null}
     */
    String locationProblem() {
        try {
            io.glancestore.s3.S3Location.withCredentials("s3", accessKey, secretKey, "h", "bucket", "key");
            return null;
        } catch (RuntimeException e) {
            return "cannot be written into a location glance_store reads back: "
                    + e.getMessage().replaceFirst("^invalid s3 location: ", "");
        }
    }

    @Override
    public String toString() {
        return "S3Credentials{" + accessKey + ", ***}";
    }
}
