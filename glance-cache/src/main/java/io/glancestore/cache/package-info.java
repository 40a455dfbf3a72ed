/**
 * An image cache in front of any {@link io.glancestore.ImageStore}:
 * {@link io.glancestore.cache.CachingImageStore}, configured with Glance's option names through
 * {@link io.glancestore.cache.CacheConfig}. It keeps Glance's folder layout ({@code <dir>/<id>},
 * {@code incomplete/}, {@code invalid/}, {@code queue/}) but, unlike Glance, enforces its size
 * limit at write time and cleans up stalled fills by itself.
 */
package io.glancestore.cache;
