package io.glancestore.vmware.internal;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code vmware_datastores}: {@code <datacenter path>:<datastore name>[:<weight>]}.
 * The datacenter path may itself contain {@code :} only if a weight is given, as in glance_store,
 * which splits from the right.
 *
 * @param datacenterPath the datacenter inventory path, e.g. {@code DC0} or {@code folder/dc}
 * @param datastoreName the datastore name
 * @param weight higher weights are chosen first; default 0
 */
public record DatastoreSpec(String datacenterPath, String datastoreName, long weight) {

    /** Validates the parts. */
    public DatastoreSpec {
        Objects.requireNonNull(datacenterPath, "datacenterPath");
        Objects.requireNonNull(datastoreName, "datastoreName");
    }

    /**
     * Parses one entry.
     *
     * @param entry the entry
     * @return the parsed entry
     * @throws IllegalArgumentException if malformed (see {@link #problem})
     */
    public static DatastoreSpec parse(String entry) {
        problem(entry).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        String[] parts = entry.strip().split(":", -1);
        if (parts.length == 2) {
            return new DatastoreSpec(parts[0].strip(), parts[1].strip(), 0);
        }
        long weight = Long.parseLong(parts[parts.length - 1].strip());
        String dc = String.join(":", Arrays.copyOfRange(parts, 0, parts.length - 2)).strip();
        return new DatastoreSpec(dc, parts[parts.length - 2].strip(), weight);
    }

    /**
     * What is wrong with an entry, if anything; never quotes it.
     *
     * @param entry the entry
     * @return the problem, or empty when the entry is fine
     */
    public static Optional<String> problem(String entry) {
        String[] parts = entry.strip().split(":", -1);
        if (parts.length < 2) {
            return Optional.of("has an entry without ':' (expected <datacenter path>:<datastore name>[:<weight>])");
        }
        if (parts.length >= 3) {
            try {
                Long.parseLong(parts[parts.length - 1].strip());
            } catch (NumberFormatException e) {
                return Optional.of("has an entry whose weight is not an integer (expected "
                        + "<datacenter path>:<datastore name>[:<weight>])");
            }
        }
        String ds = parts[parts.length - (parts.length == 2 ? 1 : 2)].strip();
        String dc = parts.length == 2 ? parts[0].strip()
                : String.join(":", Arrays.copyOfRange(parts, 0, parts.length - 2)).strip();
        if (dc.isEmpty() || ds.isEmpty()) {
            return Optional.of("has an entry with an empty datacenter path or datastore name");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return datacenterPath + ":" + datastoreName + ":" + weight;
    }
}
