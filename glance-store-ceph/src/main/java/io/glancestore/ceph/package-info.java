/**
 * The rbd store: images as Ceph RBD images with a protected snapshot, laid out exactly as
 * OpenStack glance_store lays them out, so Python Glance, Nova and Cinder use them as their own.
 * Start from {@link io.glancestore.ceph.RbdStore#builder()}, or configure type {@code rbd} in a
 * {@link io.glancestore.StoreRegistry}.
 */
package io.glancestore.ceph;
