/**
 * The driver SPI: what a backend implements ({@link io.glancestore.spi.StoreDriver},
 * {@link io.glancestore.spi.WriteSession}) and how it is discovered
 * ({@link io.glancestore.spi.StoreDriverProvider}); {@link io.glancestore.spi.LocalFileRange} marks
 * reads whose bytes lie in a local file. Users never call drivers directly.
 */
package io.glancestore.spi;
