package io.glancestore.benchmarks;

import java.io.InputStream;
import java.util.Objects;
import java.util.Random;

/**
 * An image's bytes made up on the fly, as a service's upload would arrive: no file behind it and
 * no memory that grows with the size. Every image reads a shared 4 MiB block of random bytes from
 * its own starting point, so images differ and none is all zeros (thin provisioning would skip
 * them), at the cost of one memory copy per byte.
 */
final class GeneratedSource extends InputStream {

    private static final int BLOCK = 4 << 20;
    private static final byte[] RANDOM = new byte[BLOCK];

    static {
        new Random(16).nextBytes(RANDOM);
    }

    private final long size;
    private long position;
    private int at;

    /**
     * A source.
     *
     * @param size bytes it delivers
     * @param seed picks the starting point in the block
     */
    GeneratedSource(long size, long seed) {
        this.size = size;
        this.at = (int) Math.floorMod(seed * 1_000_003L, (long) BLOCK);
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        byte[] one = new byte[1];
        read(one, 0, 1);
        return one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        int done = 0;
        while (done < n) {
            int piece = Math.min(n - done, BLOCK - at);
            System.arraycopy(RANDOM, at, b, off + done, piece);
            done += piece;
            at = (at + piece) % BLOCK;
        }
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
}
