/**
 * Keystone v3 for the SDK's OpenStack clients: credentials ({@link io.glancestore.keystone.KeystoneCredentials},
 * password or application credential), the configuration OpenStack users already have
 * ({@link io.glancestore.keystone.CloudConfig}: {@code OS_*} variables and {@code clouds.yaml}),
 * and tokens with their service catalog ({@link io.glancestore.keystone.KeystoneSession}). The swift
 * driver and the Glance API client both authenticate through this package.
 */
package io.glancestore.keystone;
