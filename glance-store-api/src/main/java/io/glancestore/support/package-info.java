/**
 * What the drivers, the image cache, the configuration module and the command share with the
 * API layer: hash algorithms by Glance name ({@link io.glancestore.support.HashAlgorithms}),
 * digests computed on the pipeline threads ({@link io.glancestore.support.ParallelDigests}), the
 * one verifying read stream ({@link io.glancestore.support.CheckedImageStream}), image id
 * checks ({@link io.glancestore.support.ImageIds}), the per-JVM transfer buffers
 * ({@link io.glancestore.support.BufferPool}, {@link io.glancestore.support.TransferBudget}, and
 * {@link io.glancestore.support.BudgetLease}, one transfer's share of a budget),
 * file I/O in slices that leave no thread a large direct buffer
 * ({@link io.glancestore.support.SlicedFileIo}), the ranged read that resumes a broken or
 * stalled body from its next byte ({@link io.glancestore.support.ResumingRangeStream}: each
 * remote driver gives it the function that opens a range from an offset), streams that read only
 * in arrays ({@link io.glancestore.support.BulkInputStream}), streams of exactly one range of a
 * source read at any position ({@link io.glancestore.support.RangeInputStream}) or of a file
 * ({@link io.glancestore.support.ChannelRangeInputStream}), the retries of a remote request
 * with backoff ({@link io.glancestore.support.RequestRetries}) and the set-up of its data
 * connections ({@link io.glancestore.support.HttpConnections}), the names reserved by the adds
 * in progress of a remote store ({@link io.glancestore.support.AddReservations}), driver
 * discovery and location routing.
 *
 * <p>For the modules of this SDK and for driver authors, not for applications: applications use
 * {@code io.glancestore} and its public subpackages. What is here may change in any release
 * without notice in the changelog. Everything a single module keeps to itself lives in an
 * {@code internal} package, which no other module may use (a build test checks it).
 */
package io.glancestore.support;
