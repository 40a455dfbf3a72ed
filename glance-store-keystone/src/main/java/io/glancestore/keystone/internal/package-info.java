/** Implementation of the Keystone support; not part of the API. */
package io.glancestore.keystone.internal;
