/**
 * The contract test kit: {@link io.glancestore.tck.ImageStoreContractTest}, a JUnit 5 suite any
 * {@link io.glancestore.ImageStore} runs by extending it in its own test scope, composed of one
 * contract per area (subclasses of {@link io.glancestore.tck.StoreContract}: adds, sizes, large
 * images, hashes, reads, deletes, errors, capabilities, concurrency, transfer buffers,
 * verification, locations), and the small test-data tools it is built on, reusable in a store's
 * own tests: generated images of any size that are never held in memory, sources that fail,
 * trickle or pause, recording verifiers and progress listeners, the bookkeeping of stress
 * harnesses ({@link io.glancestore.tck.TransferOutcomes}) and Python glance_store as an
 * interoperability peer ({@link io.glancestore.tck.GlanceStorePeer}).
 */
package io.glancestore.tck;
