/**
 * The s3 store: images as objects in Amazon S3 or an S3-compatible server, as glance_store's s3
 * driver writes them. {@link io.glancestore.s3.S3Store} to use one directly,
 * {@link io.glancestore.s3.S3StoreProvider} for the {@code s3} type of a
 * {@link io.glancestore.StoreRegistry}, {@link io.glancestore.s3.S3Location} for its locations.
 */
package io.glancestore.s3;
