package io.glancestore.ceph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which chunks thin provisioning skips: exactly the all-zero ones. */
class ZeroChunksTest {

    @Test
    void zerosAreZeroWhateverTheLengthAndOffset() {
        byte[] data = new byte[300_000];
        assertThat(RbdWrite.allZero(data, 0, data.length)).isTrue();
        assertThat(RbdWrite.allZero(data, 7, 65_536 + 3)).isTrue();
        assertThat(RbdWrite.allZero(data, 0, 0)).isTrue();
    }

    @Test
    void anyNonZeroByteCounts() {
        for (int at : new int[] {0, 1, 65_535, 65_536, 65_537, 299_999}) {
            byte[] data = new byte[300_000];
            data[at] = 1;
            assertThat(RbdWrite.allZero(data, 0, data.length)).as("non-zero at %d", at).isFalse();
        }
    }

    @Test
    void onlyTheGivenRangeIsLookedAt() {
        byte[] data = new byte[200_000];
        data[10] = 1;
        data[150_000] = 1;
        assertThat(RbdWrite.allZero(data, 11, 149_989)).isTrue();
        assertThat(RbdWrite.allZero(data, 11, 149_990)).isFalse();
    }
}
