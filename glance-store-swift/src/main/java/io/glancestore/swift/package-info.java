/**
 * The swift store: images as OpenStack Swift objects, segmented as Dynamic Large Objects, laid
 * out exactly as glance_store's swift driver lays them out, so a Python Glance reads and deletes
 * them as its own. Start from {@link io.glancestore.swift.SwiftStore#builder()}, or configure type
 * {@code swift} in a {@link io.glancestore.StoreRegistry}.
 */
package io.glancestore.swift;
