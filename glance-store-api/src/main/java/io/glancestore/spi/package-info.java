/**
 * The driver SPI: what a backend implements ({@link io.glancestore.spi.StoreDriver},
 * {@link io.glancestore.spi.WriteSession}), how it is discovered and configured
 * ({@link io.glancestore.spi.StoreDriverProvider}, which declares the driver's options as
 * {@link io.glancestore.spi.StoreOption}s, the definitions the driver reads its
 * {@link io.glancestore.spi.StoreOptions} through, and checks them without creating a driver);
 * {@link io.glancestore.spi.LocalFileRange} marks reads whose bytes lie in a local file. Users
 * never call drivers directly.
 *
 * <p>A new driver writes only what is particular to its backend: the driver and its write
 * session, its location type, its option list, a provider made of those
 * ({@link io.glancestore.spi.AbstractStoreDriverProvider}) and, for users who build a store in
 * code, a builder on {@link io.glancestore.spi.StoreBuilder}. Hashing, verification, errors,
 * ranges and buffers come from the API layer. {@code io.glancestore.memory} is the smallest
 * complete example.
 */
package io.glancestore.spi;
