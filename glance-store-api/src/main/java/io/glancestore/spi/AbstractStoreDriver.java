package io.glancestore.spi;

import io.glancestore.Capability;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A driver whose type, capabilities and write size are fixed when it opens: what every driver of
 * this SDK serves besides writes ({@link #READ_AND_DELETE}), plus {@link Capability#WRITE_ACCESS}
 * when its write configuration is usable. A driver passes these to the constructor and writes
 * only what is particular to its backend.
 */
public abstract class AbstractStoreDriver implements StoreDriver {

    /** Reads of the whole image, at an offset, in chunks and at random; deletes; reuse. */
    public static final Set<Capability> READ_AND_DELETE = Collections.unmodifiableSet(EnumSet.of(
            Capability.READ_ACCESS, Capability.READ_OFFSET, Capability.READ_CHUNK, Capability.READ_RANDOM,
            Capability.DELETE_ACCESS, Capability.DRIVER_REUSABLE));

    private final String type;
    private final Set<Capability> capabilities;
    private final int writeChunkSize;

    /**
     * A driver with {@link #READ_AND_DELETE}, and writes when {@code writable}.
     *
     * @param type the Glance store type name
     * @param writable whether adds are possible as configured
     * @param writeChunkSize bytes per {@link WriteSession#write}, at least 4096
     */
    protected AbstractStoreDriver(String type, boolean writable, int writeChunkSize) {
        this.type = Objects.requireNonNull(type, "type");
        EnumSet<Capability> caps = EnumSet.copyOf(READ_AND_DELETE);
        if (writable) {
            caps.add(Capability.WRITE_ACCESS);
        }
        this.capabilities = Collections.unmodifiableSet(caps);
        this.writeChunkSize = writeChunkSize;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final int writeChunkSize() {
        return writeChunkSize;
    }
}
