/**
 * The file store: images as files in local or shared folders (NFS included), laid out exactly as
 * OpenStack glance_store lays them out, so a Python Glance and a Java service can share them.
 * Start from {@link io.glancestore.file.FileStore#builder()}, or configure type {@code file} in a
 * {@link io.glancestore.StoreRegistry}.
 */
package io.glancestore.file;
