/**
 * Internals of the rbd store: configuration, the cluster connection, the write and read paths
 * on librbd's asynchronous I/O, and the mapping of Ceph errors. Not an API: may change without
 * notice.
 */
package io.glancestore.ceph.internal;
