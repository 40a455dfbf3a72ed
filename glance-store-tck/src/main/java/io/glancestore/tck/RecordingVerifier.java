package io.glancestore.tck;

import io.glancestore.ImageVerifier;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link ImageVerifier} that records what it was shown: how many bytes, their sha512 in the
 * order seen, how often {@link #verify()} was called and whether bytes came after it. It can be
 * told to reject the image, from {@code verify()} or from {@code update()}. Thread-safe, so a
 * test can read it while the store feeds it from another thread.
 */
public final class RecordingVerifier implements ImageVerifier {

    private final Supplier<? extends RuntimeException> verifyFailure;
    private final long failInUpdateAfter;
    private final Supplier<? extends RuntimeException> updateFailure;
    private final MessageDigest sha512 = Digests.newDigest("SHA-512");
    private long bytesSeen;
    private int updateCalls;
    private int verifyCalls;
    private boolean updatedAfterVerify;

    private RecordingVerifier(Supplier<? extends RuntimeException> verifyFailure, long failInUpdateAfter,
            Supplier<? extends RuntimeException> updateFailure) {
        this.verifyFailure = verifyFailure;
        this.failInUpdateAfter = failInUpdateAfter;
        this.updateFailure = updateFailure;
    }

    /**
     * A verifier that accepts every image.
     *
     * @return the verifier
     */
    public static RecordingVerifier accepting() {
        return new RecordingVerifier(null, Long.MAX_VALUE, null);
    }

    /**
     * A verifier whose {@link #verify()} throws what {@code failure} supplies.
     *
     * @param failure makes the exception
     * @return the verifier
     */
    public static RecordingVerifier rejectingWith(Supplier<? extends RuntimeException> failure) {
        return new RecordingVerifier(Objects.requireNonNull(failure, "failure"), Long.MAX_VALUE, null);
    }

    /**
     * A verifier whose {@link #update} throws once it has seen at least {@code bytes} bytes.
     *
     * @param bytes bytes to accept first
     * @param failure makes the exception
     * @return the verifier
     */
    public static RecordingVerifier failingInUpdateAfter(long bytes, Supplier<? extends RuntimeException> failure) {
        return new RecordingVerifier(null, bytes, Objects.requireNonNull(failure, "failure"));
    }

    @Override
    public synchronized void update(byte[] data, int offset, int length) {
        updateCalls++;
        if (verifyCalls > 0) {
            updatedAfterVerify = true;
        }
        sha512.update(data, offset, length);
        bytesSeen += length;
        if (updateFailure != null && bytesSeen >= failInUpdateAfter) {
            throw updateFailure.get();
        }
    }

    @Override
    public synchronized void verify() {
        verifyCalls++;
        if (verifyFailure != null) {
            throw verifyFailure.get();
        }
    }

    /**
     * Bytes fed so far.
     *
     * @return the count
     */
    public synchronized long bytesSeen() {
        return bytesSeen;
    }

    /**
     * Number of {@link #update} calls so far.
     *
     * @return the count
     */
    public synchronized int updateCalls() {
        return updateCalls;
    }

    /**
     * Number of {@link #verify()} calls so far.
     *
     * @return the count
     */
    public synchronized int verifyCalls() {
        return verifyCalls;
    }

    /**
     * Whether {@link #update} was called after {@link #verify()}.
     *
     * @return true if bytes arrived after the verdict
     */
    public synchronized boolean updatedAfterVerify() {
        return updatedAfterVerify;
    }

    /**
     * The sha512 of the bytes fed so far, in the order fed.
     *
     * @return lower-case hex
     */
    public synchronized String sha512Hex() {
        try {
            // A clone, so the running digest can go on after being looked at.
            return HexFormat.of().formatHex(((MessageDigest) sha512.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-512 digest of this JDK cannot be cloned", e);
        }
    }

    @Override
    public synchronized String toString() {
        return "RecordingVerifier{bytesSeen=" + bytesSeen + ", updateCalls=" + updateCalls
                + ", verifyCalls=" + verifyCalls + "}";
    }
}
