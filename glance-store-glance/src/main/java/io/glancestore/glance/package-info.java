/**
 * Working with a running OpenStack Glance: {@link io.glancestore.glance.GlanceClient} (the
 * Glance v2 API), {@link io.glancestore.glance.GlanceImageReader} (reads an image straight from
 * the store Glance recorded it in, verified against Glance's hashes),
 * {@link io.glancestore.glance.GlanceImageRegistrar} (registers images added through the SDK) and
 * {@link io.glancestore.glance.GlanceMigration} (moves a store's images to another while Glance
 * serves them, moving Glance's locations along).
 */
package io.glancestore.glance;
