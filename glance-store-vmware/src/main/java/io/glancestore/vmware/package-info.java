/**
 * The vmware store: images as files in a vSphere datastore, transferred over HTTPS with the
 * vSphere session cookie and laid out exactly as OpenStack glance_store's vmware driver lays them
 * out. Start from {@link io.glancestore.vmware.VmwareStore#builder()}, or configure type
 * {@code vmware} in a {@link io.glancestore.StoreRegistry}. The JVM needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} for the vSphere API library.
 */
package io.glancestore.vmware;
