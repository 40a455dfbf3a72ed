/** Implementation of the Glance client; not part of the API. */
package io.glancestore.glance.internal;
