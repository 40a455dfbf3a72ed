/**
 * The driver SPI: what a backend implements ({@link io.glancestore.spi.StoreDriver},
 * {@link io.glancestore.spi.WriteSession}) and how it is discovered
 * ({@link io.glancestore.spi.StoreDriverProvider}). Users never call drivers directly.
 */
package io.glancestore.spi;
