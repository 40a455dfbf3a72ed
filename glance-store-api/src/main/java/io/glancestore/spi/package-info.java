/**
 * The driver SPI: what a backend implements ({@link io.glancestore.spi.StoreDriver},
 * {@link io.glancestore.spi.WriteSession}), how it is discovered and configured
 * ({@link io.glancestore.spi.StoreDriverProvider}, which declares the driver's options as
 * {@link io.glancestore.spi.StoreOption}s, the definitions the driver reads its
 * {@link io.glancestore.spi.StoreOptions} through, and checks them without creating a driver);
 * {@link io.glancestore.spi.LocalFileRange} marks reads whose bytes lie in a local file. Users
 * never call drivers directly.
 */
package io.glancestore.spi;
