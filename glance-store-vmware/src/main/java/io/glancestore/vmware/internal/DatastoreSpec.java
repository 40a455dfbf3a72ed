package io.glancestore.vmware.internal;

import io.glancestore.spi.StoreOptions;
import java.util.Objects;

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
     * @param options for the error message
     * @param key the option name
     * @return the parsed entry
     * @throws io.glancestore.exception.BadStoreConfigurationException if malformed
     */
    public static DatastoreSpec parse(String entry, StoreOptions options, String key) {
        String[] parts = entry.trim().split(":", -1);
        long weight = 0;
        String dc;
        String ds;
        if (parts.length == 2) {
            dc = parts[0];
            ds = parts[1];
        } else if (parts.length >= 3) {
            String last = parts[parts.length - 1].trim();
            try {
                weight = Long.parseLong(last);
            } catch (NumberFormatException e) {
                throw options.invalid(key, "has an entry whose weight is not an integer (expected "
                        + "<datacenter path>:<datastore name>[:<weight>])");
            }
            ds = parts[parts.length - 2];
            dc = String.join(":", java.util.Arrays.copyOfRange(parts, 0, parts.length - 2));
        } else {
            throw options.invalid(key, "has an entry without ':' (expected <datacenter path>:<datastore name>[:<weight>])");
        }
        dc = dc.trim();
        ds = ds.trim();
        if (dc.isEmpty() || ds.isEmpty()) {
            throw options.invalid(key, "has an entry with an empty datacenter path or datastore name");
        }
        return new DatastoreSpec(dc, ds, weight);
    }

    @Override
    public String toString() {
        return datacenterPath + ":" + datastoreName + ":" + weight;
    }
}
