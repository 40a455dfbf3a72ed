/**
 * An in-memory store for users' own tests, behaving exactly like the real stores. It is also the
 * smallest example of a driver written on the SPI: a driver with its write session, a location
 * type, an option list, a provider and a builder, nothing else.
 */
package io.glancestore.memory;
