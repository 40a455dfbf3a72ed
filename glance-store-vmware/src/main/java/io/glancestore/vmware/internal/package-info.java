/**
 * Internals of the vmware store: configuration, TLS trust, the vSphere API session, the HTTPS
 * data path and the driver. Not an API: may change without notice.
 */
package io.glancestore.vmware.internal;
