/**
 * Internals of the image cache, not an API: the LRU index and its persistence, the fills and
 * their streams, the folder layout and the space accounting.
 */
package io.glancestore.cache.internal;
