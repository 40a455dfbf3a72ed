/**
 * An image cache in front of any {@link io.glancestore.ImageStore}:
 * {@link io.glancestore.cache.CachingImageStore}, configured with Glance's option names through
 * {@link io.glancestore.cache.CacheConfig}. It keeps Glance's folder layout ({@code <dir>/<id>},
 * {@code incomplete/}, {@code invalid/}, {@code queue/}) and, like Glance, lets every process of a
 * node share one folder; unlike Glance, it enforces its size limit at write time, cleans up by
 * itself and serves only files it published.
 */
package io.glancestore.cache;
