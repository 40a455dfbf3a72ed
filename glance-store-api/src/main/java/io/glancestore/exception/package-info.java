/**
 * The typed errors of the SDK. Each maps onto one of Python glance_store's exceptions, so code
 * ported from Glance keeps its error handling: {@link io.glancestore.exception.NotFoundException}
 * for {@code NotFound}, {@link io.glancestore.exception.DuplicateException} for {@code Duplicate},
 * and so on. All extend {@link io.glancestore.exception.GlanceStoreException}.
 */
package io.glancestore.exception;
