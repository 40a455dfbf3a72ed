package io.glancestore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.UnknownHashingAlgoException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HashAlgorithmsTest {

    @ParameterizedTest
    @CsvSource({
        "sha512, sha512, SHA-512",
        "SHA512, sha512, SHA-512",
        "SHA-512, sha512, SHA-512",
        "sha256, sha256, SHA-256",
        "sha3_512, sha3_512, SHA3-512",
        "SHA3-256, sha3_256, SHA3-256",
        "sha512_256, sha512_256, SHA-512/256",
        "md5, md5, MD5",
        "sha1, sha1, SHA-1"})
    void glanceAndJdkNamesResolveToTheSameDigest(String given, String glance, String jdk) {
        HashAlgorithms.Resolved r = HashAlgorithms.resolve(given);
        assertThat(r.glanceName()).isEqualTo(glance);
        assertThat(r.jdkName()).isEqualTo(jdk);
        assertThat(r.newDigest().getAlgorithm()).isEqualTo(jdk);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blake2b", "sha4", "", " ", "whirlpool", "sha512; rm -rf /"})
    void unknownNamesAreTypedErrors(String name) {
        assertThatThrownBy(() -> HashAlgorithms.resolve(name)).isInstanceOf(UnknownHashingAlgoException.class);
    }

    @org.junit.jupiter.api.Test
    void nullIsAnUnknownAlgorithm() {
        assertThatThrownBy(() -> HashAlgorithms.resolve(null)).isInstanceOf(UnknownHashingAlgoException.class);
    }
}
