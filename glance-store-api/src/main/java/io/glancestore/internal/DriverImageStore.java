package io.glancestore.internal;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ImageVerifier;
import io.glancestore.ProgressListener;
import io.glancestore.ReadOptions;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.exception.StoreDeleteNotSupportedException;
import io.glancestore.exception.StoreGetNotSupportedException;
import io.glancestore.exception.StoreRandomGetNotSupportedException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.location.Locations;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.LocalFileRange;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import io.glancestore.support.AddPipeline;
import io.glancestore.support.CheckedImageStream;
import io.glancestore.support.ChunkHandler;
import io.glancestore.support.HashAlgorithms;
import io.glancestore.support.ImageIds;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API layer around a driver: everything every store does the same way lives here once.
 * Validates ids, sizes, ranges and capabilities, runs the add pipeline (md5 and the multihash on
 * the hashing threads while the caller's thread feeds the verifier and the driver), turns every
 * failed add into an abort of the driver's write, checks reads, and translates errors with
 * credentials masked.
 */
public final class DriverImageStore implements ImageStore {

    private static final Logger LOG = LoggerFactory.getLogger(DriverImageStore.class);

    private final String id;
    private final StoreDriver driver;
    private final HashAlgorithms.Resolved defaultHash;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Wraps a driver.
     *
     * @param id the backend id
     * @param driver the driver
     * @param defaultHashAlgorithm the multihash algorithm used when a call names none
     */
    public DriverImageStore(String id, StoreDriver driver, String defaultHashAlgorithm) {
        this.id = Objects.requireNonNull(id, "id");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.defaultHash = HashAlgorithms.resolve(defaultHashAlgorithm);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return driver.type();
    }

    @Override
    public Set<Capability> capabilities() {
        return driver.capabilities();
    }

    @Override
    public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        ImageIds.validate(imageId);
        if (size < UNKNOWN_SIZE) {
            throw new InvalidException("image size must be positive, 0 or -1 (unknown): " + size);
        }
        if (!hasCapability(Capability.WRITE_ACCESS)) {
            throw new StoreAddDisabledException("store '" + id + "' does not accept new images");
        }
        HashAlgorithms.Resolved hash = options.hashAlgorithm() == null
                ? defaultHash : HashAlgorithms.resolve(options.hashAlgorithm());
        long declared = size > 0 ? size : -1;
        String action = "add of image " + imageId + " to store '" + id + "'";

        MessageDigest md5 = HashAlgorithms.resolve("md5").newDigest();
        MessageDigest multihash = hash.newDigest();
        int chunkLimit = Math.max(4096, driver.writeChunkSize());
        // The first buffer, and the first chunk handed to the digests, before the backend is asked
        // anything: an add that cannot get one leaves nothing to undo there, and the digests of
        // a small image run while the backend prepares its write.
        AddPipeline pipeline = new AddPipeline(md5, multihash, chunkLimit, action);
        WriteSession session;
        try {
            pipeline.readFirst(data, declared);
            session = driver.openWrite(imageId, declared);
        } catch (Throwable t) {
            pipeline.close();
            throw ErrorTranslator.translate(t, action);
        }
        WrittenImage image = null;
        try {
            long total;
            try (pipeline) {
                total = pipeline.run(data, declared, sink(session, options, declared, action));
                ImageVerifier verifier = options.verifier();
                if (verifier != null) {
                    try {
                        verifier.verify();
                    } catch (VerificationFailedException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new VerificationFailedException(action + ": the verifier rejected the image", e);
                    }
                }
                // Every byte is stored and handed to the digests, which cannot change what is
                // stored: the image is published while they finish, and their results read after.
                session.prepareCommit(total);
                image = session.commit(total);
                pipeline.finishHashing();
            }
            HexFormat hex = HexFormat.of();
            AddResult result = new AddResult(image.location().uri(), total, hex.formatHex(md5.digest()),
                    hex.formatHex(multihash.digest()), hash.glanceName(), image.metadata());
            LOG.debug("{}: stored {} bytes at {}", action, total, image.location());
            return result;
        } catch (Throwable t) {
            try {
                if (image == null) {
                    session.abort();
                } else {
                    // Published, but a digest failed: the add fails, so its image goes again.
                    driver.delete(image.location());
                }
            } catch (Throwable undoFailure) {
                t.addSuppressed(undoFailure);
            }
            GlanceStoreException e = ErrorTranslator.translate(t, action);
            LOG.debug("{} failed, image removed: {}", action, e.toString());
            throw e;
        }
    }

    /**
     * What an add does with each chunk, on the caller's thread: the caller's verifier sees it,
     * the driver writes it, the caller's listener hears of it.
     */
    private static ChunkHandler sink(WriteSession session, AddOptions options, long declared, String action) {
        ImageVerifier verifier = options.verifier();
        ProgressListener listener = options.progressListener();
        long[] written = new long[1];
        return (b, off, len) -> {
            if (verifier != null) {
                try {
                    verifier.update(b, off, len);
                } catch (RuntimeException e) {
                    throw new VerificationFailedException(action + ": the verifier failed", e);
                }
            }
            session.write(b, off, len);
            written[0] += len;
            listener.onProgress(written[0], declared);
        };
    }

    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        if (!hasCapability(Capability.READ_ACCESS)) {
            throw new StoreGetNotSupportedException("store '" + id + "' cannot read images");
        }
        if (offset < 0 || length < -1) {
            throw new InvalidRangeException("invalid range: offset " + offset + ", length " + length);
        }
        boolean random = hasCapability(Capability.READ_RANDOM);
        if (offset > 0 && !random && !hasCapability(Capability.READ_OFFSET)) {
            throw new StoreRandomGetNotSupportedException("store '" + id + "' cannot read from an offset");
        }
        if (length >= 0 && !random && !hasCapability(Capability.READ_CHUNK)) {
            throw new StoreRandomGetNotSupportedException("store '" + id + "' cannot read a bounded range");
        }
        StoreLocation loc = parse(location);
        String action = "get of " + loc + " from store '" + id + "'";
        try {
            long imageSize = driver.size(loc);
            if (offset > imageSize) {
                throw new InvalidRangeException(action + ": offset " + offset + " is past the end of the "
                        + imageSize + "-byte image");
            }
            long available = imageSize - offset;
            long n = length < 0 ? available : Math.min(length, available);
            if (options.verifies() && (offset != 0 || n != imageSize)) {
                throw new InvalidException(action + ": expected hashes apply to whole-image reads only");
            }
            InputStream raw = driver.openRead(loc, offset, n);
            InputStream checked = new CheckedImageStream(raw, n, options.progressListener(), options, action, null);
            if (raw instanceof LocalFileRange file) {
                return ImageData.ofLocalFile(checked, file, offset, n, imageSize);
            }
            return ImageData.of(checked, offset, n, imageSize);
        } catch (Throwable t) {
            throw ErrorTranslator.translate(t, action);
        }
    }

    @Override
    public long size(String location) {
        StoreLocation loc = parse(location);
        try {
            return driver.size(loc);
        } catch (Throwable t) {
            throw ErrorTranslator.translate(t, "size of " + loc + " in store '" + id + "'");
        }
    }

    @Override
    public void delete(String location) {
        if (!hasCapability(Capability.DELETE_ACCESS)) {
            throw new StoreDeleteNotSupportedException("store '" + id + "' cannot delete images");
        }
        StoreLocation loc = parse(location);
        String action = "delete of " + loc + " from store '" + id + "'";
        try {
            driver.delete(loc);
            LOG.debug("{}: done", action);
        } catch (Throwable t) {
            throw ErrorTranslator.translate(t, action);
        }
    }

    @Override
    public boolean handles(String location) {
        return location != null && driver.handles(location);
    }

    @Override
    public StoreLocation location(String location) {
        return parse(location);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            driver.close();
        }
    }

    private StoreLocation parse(String location) {
        Objects.requireNonNull(location, "location");
        try {
            return driver.parseLocation(location);
        } catch (Throwable t) {
            throw ErrorTranslator.translate(t, "location " + Locations.mask(location) + " for store '" + id + "'");
        }
    }

    @Override
    public String toString() {
        return "ImageStore{id=" + id + ", type=" + driver.type() + "}";
    }

}
