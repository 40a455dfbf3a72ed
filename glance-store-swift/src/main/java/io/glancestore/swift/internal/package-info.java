/**
 * The swift store's implementation: configuration, authentication (tempauth, Keystone v3), the
 * HTTP client for object data, streamed and segmented writes, resumable reads. Not an API.
 */
package io.glancestore.swift.internal;
