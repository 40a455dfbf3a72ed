/**
 * An in-memory store for users' own tests, behaving exactly like the real stores.
 */
package io.glancestore.memory;
