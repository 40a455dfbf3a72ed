package io.glancestore.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ReadOptions;
import org.junit.jupiter.api.Test;

class ExpectedHashesTest {

    @Test
    void readOptionsExpectTheHashesInLowerCase() {
        ReadOptions options = new ExpectedHashes("ABC", "sha256", "DEF").readOptions();
        assertThat(options.verifies()).isTrue();
        assertThat(options.expectedMd5()).isEqualTo("abc");
        assertThat(options.hashAlgorithm()).isEqualTo("sha256");
        assertThat(options.expectedMultihash()).isEqualTo("def");
    }

    @Test
    void readOptionsOfAnMd5AloneLeaveTheMultihashUnchecked() {
        ReadOptions options = new ExpectedHashes("abc", null, null).readOptions();
        assertThat(options.expectedMd5()).isEqualTo("abc");
        assertThat(options.expectedMultihash()).isNull();
    }

    @Test
    void noHashesVerifyNothing() {
        assertThat(ExpectedHashes.none().readOptions().verifies()).isFalse();
    }
}
