package io.glancestore.config.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The option names glance_store declares per store type (plus this SDK's few additions), with
 * their value kind so that obviously bad values are caught while reading the file, at their line,
 * before any driver is created. Types without a catalog (cinder, s3, http, ...) are not checked.
 */
public final class KnownOptions {

    /** The kind of value an option takes. */
    public enum Kind {
        /** Any text. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** A number, possibly with a fraction (oslo FloatOpt). */
        FLOAT,
        /** true/false, yes/no, on/off, 1/0. */
        BOOLEAN
    }

    /** Options every backend section may carry in multi-store mode. */
    public static final Map<String, Kind> COMMON = Map.of(
            "weight", Kind.INTEGER,
            "store_description", Kind.STRING);

    private static final Map<String, Map<String, Kind>> BY_TYPE = new LinkedHashMap<>();

    static {
        Map<String, Kind> file = new LinkedHashMap<>();
        file.put("filesystem_store_datadir", Kind.STRING);
        file.put("filesystem_store_datadirs", Kind.STRING);
        file.put("filesystem_store_metadata_file", Kind.STRING);
        file.put("filesystem_store_file_perm", Kind.INTEGER);
        file.put("filesystem_store_chunk_size", Kind.INTEGER);
        file.put("filesystem_thin_provisioning", Kind.BOOLEAN);
        file.put("filesystem_store_tmp_stall_time", Kind.INTEGER);
        BY_TYPE.put("file", file);

        Map<String, Kind> rbd = new LinkedHashMap<>();
        rbd.put("rbd_store_chunk_size", Kind.INTEGER);
        rbd.put("rbd_store_pool", Kind.STRING);
        rbd.put("rbd_store_user", Kind.STRING);
        rbd.put("rbd_store_ceph_conf", Kind.STRING);
        rbd.put("rados_connect_timeout", Kind.INTEGER);
        rbd.put("rbd_thin_provisioning", Kind.BOOLEAN);
        rbd.put("rbd_store_mon_host", Kind.STRING);
        rbd.put("rbd_store_keyring", Kind.STRING);
        BY_TYPE.put("rbd", rbd);

        Map<String, Kind> swift = new LinkedHashMap<>();
        for (String s : new String[] {"swift_store_cacert", "swift_store_region", "swift_store_endpoint",
            "swift_store_endpoint_type", "swift_store_service_type", "swift_store_container",
            "swift_store_admin_tenants", "swift_upload_buffer_dir", "default_swift_reference",
            "swift_store_auth_version", "swift_store_auth_address", "swift_store_user", "swift_store_key",
            "swift_store_config_file"}) {
            swift.put(s, Kind.STRING);
        }
        for (String s : new String[] {"swift_store_large_object_size", "swift_store_large_object_chunk_size",
            "swift_store_multiple_containers_seed", "swift_store_retry_get_count",
            "swift_store_expire_soon_interval"}) {
            swift.put(s, Kind.INTEGER);
        }
        for (String s : new String[] {"swift_store_auth_insecure", "swift_store_create_container_on_put",
            "swift_store_multi_tenant", "swift_store_ssl_compression", "swift_store_use_trusts",
            "swift_buffer_on_upload"}) {
            swift.put(s, Kind.BOOLEAN);
        }
        BY_TYPE.put("swift", swift);

        Map<String, Kind> vmware = new LinkedHashMap<>();
        for (String s : new String[] {"vmware_server_host", "vmware_server_username", "vmware_server_password",
            "vmware_store_image_dir", "vmware_ca_file", "vmware_datastores"}) {
            vmware.put(s, Kind.STRING);
        }
        vmware.put("vmware_api_retry_count", Kind.INTEGER);
        vmware.put("vmware_task_poll_interval", Kind.INTEGER);
        vmware.put("vmware_insecure", Kind.BOOLEAN);
        BY_TYPE.put("vmware", vmware);
    }

    private KnownOptions() {
    }

    /**
     * The options of a store type.
     *
     * @param type the Glance store type
     * @return the options and their kinds, empty when this type has no catalog
     */
    public static Optional<Map<String, Kind>> forType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /**
     * The kind of a store option of any type.
     *
     * @param key the option name
     * @return the kind, empty if no catalogued type declares it
     */
    public static Optional<Kind> anyType(String key) {
        if (COMMON.containsKey(key)) {
            return Optional.of(COMMON.get(key));
        }
        for (Map<String, Kind> options : BY_TYPE.values()) {
            if (options.containsKey(key)) {
                return Optional.of(options.get(key));
            }
        }
        return Optional.empty();
    }

    /**
     * The type whose catalog declares an option.
     *
     * @param key the option name
     * @return the type, if any
     */
    public static Optional<String> typeOf(String key) {
        for (Map.Entry<String, Map<String, Kind>> e : BY_TYPE.entrySet()) {
            if (e.getValue().containsKey(key)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a value against its kind, as oslo.config would parse it.
     *
     * @param kind the kind
     * @param value the raw value
     * @return a problem description, or empty when the value is fine
     */
    public static Optional<String> check(Kind kind, String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        switch (kind) {
            case INTEGER:
                try {
                    Long.parseLong(v);
                    return Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.of("must be an integer");
                }
            case FLOAT:
                try {
                    Double.parseDouble(v);
                    return Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.of("must be a number");
                }
            case BOOLEAN:
                return Booleans.parse(v).isPresent() ? Optional.empty() : Optional.of("must be true or false");
            default:
                return Optional.empty();
        }
    }
}
