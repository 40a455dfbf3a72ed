/**
 * The public API: {@link io.glancestore.ImageStore} (add, get, size, delete of VM images with
 * glance_store's semantics), {@link io.glancestore.StoreRegistry} for several named stores,
 * and their options and results.
 */
package io.glancestore;
