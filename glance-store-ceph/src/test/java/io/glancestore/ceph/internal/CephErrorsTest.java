package io.glancestore.ceph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.GlanceStoreException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ceph's errno values named as glance_store names the Python bindings' exceptions. */
class CephErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-2, NotFoundException",
        "-17, DuplicateException",
        "-28, StorageFullException",
        "-122, StorageFullException",
        "-16, InUseByStoreException",
        "-39, HasSnapshotException",
        "-13, ForbiddenException",
        "-1, ForbiddenException",
        "-30, StorageWriteDeniedException",
        "-110, RemoteServiceUnavailableException",
        "-111, RemoteServiceUnavailableException",
        "-5, BackendException",
        "-22, BackendException",
        "-9999, BackendException"})
    void operations(int errno, String expected) {
        GlanceStoreException e = CephErrors.forOperation(errno, "doing it");
        assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(e).hasMessageStartingWith("doing it failed: error " + errno);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-13, StorageWriteDeniedException",
        "-1, StorageWriteDeniedException",
        "-28, StorageFullException",
        "-17, DuplicateException"})
    void writes(int errno, String expected) {
        assertThat(CephErrors.forWrite(errno, "writing").getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-110, RemoteServiceUnavailableException",
        "-111, RemoteServiceUnavailableException",
        "-5, RemoteServiceUnavailableException",
        "-13, AuthorizationFailureException",
        "-1, AuthorizationFailureException",
        "-2, BadStoreConfigurationException",
        "-22, BadStoreConfigurationException"})
    void connects(int errno, String expected) {
        assertThat(CephErrors.forConnect(errno, "connecting").getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"-2, error -2 (ENOENT)", "-122, error -122 (EDQUOT)", "-4242, error -4242"})
    void describe(int errno, String text) {
        assertThat(CephErrors.describe(errno)).isEqualTo(text);
    }
}
