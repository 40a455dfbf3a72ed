/**
 * Internals of the image cache, not an API. The shared state of a folder lives in the
 * {@link io.glancestore.cache.internal.Ledger} (SQLite, one per folder, shared by every process);
 * reads go through the {@link io.glancestore.cache.internal.ReadPath}, fills through the
 * {@link io.glancestore.cache.internal.FillCoordinator}; see
 * {@link io.glancestore.cache.internal.ImageCache} for how the parts fit.
 */
package io.glancestore.cache.internal;
