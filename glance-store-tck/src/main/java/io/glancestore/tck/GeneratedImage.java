package io.glancestore.tck;

import io.glancestore.support.RangeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Image bytes defined by a seed and a size: deterministic pseudo-random data produced on the
 * fly, so an image of any size (several GiB included) can be added, read back and compared
 * without ever being held in memory.
 *
 * <p>Byte {@code p} of the image depends only on the seed and {@code p} (a counter-based
 * generator), so any range can be produced directly, which is what makes ranged reads of huge
 * images checkable. The md5 and sha512 of the whole image are recorded by the first whole-image
 * stream read to its end (typically the one handed to the store's {@code add}); asking for them
 * before that generates the image once more.
 *
 * <p>Instances are immutable apart from that digest cache and are safe to share between threads.
 */
public final class GeneratedImage {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BUFFER = 64 * 1024;
    /** Larger arrays are refused: the point of this class is to never need them. */
    private static final int MAX_ARRAY = 256 * 1024 * 1024;

    private final long seed;
    private final long size;
    private volatile Digests digests;

    private GeneratedImage(long seed, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        this.seed = seed;
        this.size = size;
    }

    /**
     * Describes an image; nothing is generated yet.
     *
     * @param seed selects the content; equal seeds give equal bytes
     * @param size the image size in bytes
     * @return the image
     */
    public static GeneratedImage of(long seed, long size) {
        return new GeneratedImage(seed, size);
    }

    /**
     * The seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The image size.
     *
     * @return the size in bytes
     */
    public long size() {
        return size;
    }

    /**
     * A new stream over the whole image. When read to its end it records the md5 and sha512 of
     * what it delivered, so handing it to an add computes the expected digests in the same
     * generation pass. Skipping bytes turns that recording off for this stream.
     *
     * @return the stream; closing it is optional
     */
    public InputStream openStream() {
        return new Stream(0, size, true);
    }

    /**
     * A new stream over part of the image.
     *
     * @param offset first byte
     * @param length number of bytes
     * @return the stream
     * @throws IndexOutOfBoundsException if the range does not lie inside the image
     */
    public InputStream openStream(long offset, long length) {
        checkRange(offset, length);
        return new Stream(offset, length, false);
    }

    /**
     * The whole image as an array, for small images only.
     *
     * @return a new array
     * @throws IllegalStateException if the image is larger than 256 MiB
     */
    public byte[] toByteArray() {
        if (size > MAX_ARRAY) {
            throw new IllegalStateException("image of " + size + " bytes is too large for an array; stream it");
        }
        return bytes(0, (int) size);
    }

    /**
     * Part of the image as an array.
     *
     * @param offset first byte
     * @param length number of bytes
     * @return a new array
     * @throws IndexOutOfBoundsException if the range does not lie inside the image
     */
    public byte[] bytes(long offset, int length) {
        checkRange(offset, length);
        byte[] out = new byte[length];
        fill(seed, offset, out, 0, length);
        return out;
    }

    /**
     * One byte of the image.
     *
     * @param position the byte's position
     * @return the byte, 0 to 255
     * @throws IndexOutOfBoundsException if the position is outside the image
     */
    public int byteAt(long position) {
        checkRange(position, 1);
        return byteAt(seed, position) & 0xff;
    }

    /**
     * The md5 of the whole image, lower-case hex (Glance's {@code checksum}).
     *
     * @return the md5
     */
    public String md5Hex() {
        return digests().md5Hex();
    }

    /**
     * The sha512 of the whole image, lower-case hex (Glance's default {@code os_hash_value}).
     *
     * @return the sha512
     */
    public String sha512Hex() {
        return digests().sha512Hex();
    }

    /**
     * Length, md5 and sha512 of the whole image: the recorded ones if a whole-image stream has
     * been read to its end, otherwise computed now by generating the image once more.
     *
     * @return the digests
     */
    public Digests digests() {
        Digests known = digests;
        if (known == null) {
            try (InputStream in = openStream()) {
                known = Digests.of(in);
            } catch (IOException e) {
                throw new IllegalStateException("generated data cannot fail", e);
            }
            digests = known;
        }
        return known;
    }

    /**
     * The digest of the whole image under any JDK algorithm, generating the image again.
     *
     * @param jdkAlgorithm a {@link MessageDigest} name, e.g. {@code SHA-256}
     * @return the lower-case hex digest
     */
    public String digestHex(String jdkAlgorithm) {
        try (InputStream in = new Stream(0, size, false)) {
            return Digests.hex(jdkAlgorithm, in);
        } catch (IOException e) {
            throw new IllegalStateException("generated data cannot fail", e);
        }
    }

    @Override
    public String toString() {
        return "GeneratedImage{seed=" + seed + ", size=" + size + "}";
    }

    private void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range offset=" + offset + " length=" + length
                    + " outside image of " + size + " bytes");
        }
    }

    /** SplitMix64 of the word index: a well-mixed value per 8 bytes, computable in any order. */
    private static long word(long seed, long index) {
        long z = seed + (index + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte byteAt(long seed, long position) {
        return (byte) (word(seed, position >>> 3) >>> ((position & 7) << 3));
    }

    private static void fill(long seed, long position, byte[] out, int off, int len) {
        int i = 0;
        while (i < len && ((position + i) & 7) != 0) {
            out[off + i] = byteAt(seed, position + i);
            i++;
        }
        // Whole words at once: this loop is what makes multi-GiB images cheap to generate.
        long index = (position + i) >>> 3;
        while (len - i >= 8) {
            LONG_LE.set(out, off + i, word(seed, index++));
            i += 8;
        }
        while (i < len) {
            out[off + i] = byteAt(seed, position + i);
            i++;
        }
    }

    private final class Stream extends RangeInputStream {
        private MessageDigest md5;
        private MessageDigest sha512;

        Stream(long offset, long length, boolean record) {
            super(offset, length, BUFFER);
            if (record && digests == null) {
                md5 = Digests.newDigest("MD5");
                sha512 = Digests.newDigest("SHA-512");
            }
        }

        @Override
        protected int readAt(long at, byte[] b, int off, int len) {
            fill(seed, at, b, off, len);
            if (md5 != null) {
                md5.update(b, off, len);
                sha512.update(b, off, len);
            }
            return len;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (len > 0 && remaining() == 0) {
                // Consumers that stop at the known size never see -1; record the digests anyway.
                finish();
            }
            return n;
        }

        @Override
        public long skip(long n) {
            if (n > 0) {
                // Skipped bytes are not digested, so this stream can no longer vouch for the digests.
                md5 = null;
                sha512 = null;
            }
            return super.skip(n);
        }

        private void finish() {
            if (md5 != null) {
                HexFormat hex = HexFormat.of();
                digests = new Digests(size, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
                md5 = null;
                sha512 = null;
            }
        }
    }
}
