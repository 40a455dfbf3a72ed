package io.glancestore.ceph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an image of unknown size grows while written. */
class GrowthScheduleTest {

    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;

    @Test
    void stepsStartAtOneChunkAndDouble() {
        GrowthSchedule growth = new GrowthSchedule(8 * MIB);
        List<Long> sizes = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < 5; i++) {
            size = growth.grow(size, size + 1);
            sizes.add(size / MIB);
        }
        assertThat(sizes).containsExactly(8L, 24L, 56L, 120L, 248L);
    }

    @Test
    void stepsStopDoublingAt8GiB() {
        GrowthSchedule growth = new GrowthSchedule(8 * MIB);
        long size = 0;
        long step = 0;
        for (int i = 0; i < 20; i++) {
            long next = growth.grow(size, size + 1);
            step = next - size;
            size = next;
        }
        assertThat(step).isEqualTo(8 * GIB);
    }

    @Test
    void aWriteLargerThanTheStepGetsWhatItNeeds() {
        GrowthSchedule growth = new GrowthSchedule(MIB);
        assertThat(growth.grow(0, 5 * MIB)).isEqualTo(5 * MIB);
        assertThat(growth.grow(5 * MIB, 5 * MIB + 1)).isEqualTo(7 * MIB);
    }

    @Test
    void aGiBImageIn4MiBWritesNeedsFewResizes() {
        GrowthSchedule growth = new GrowthSchedule(8 * MIB);
        long size = 0;
        int resizes = 0;
        for (long written = 0; written < GIB; written += 4 * MIB) {
            if (written + 4 * MIB > size) {
                size = growth.grow(size, written + 4 * MIB);
                resizes++;
            }
        }
        assertThat(resizes).isEqualTo(8);
        assertThat(size).isLessThan(2 * GIB);
    }

    @Test
    void refusesWhatIsNoGrowth() {
        GrowthSchedule growth = new GrowthSchedule(MIB);
        assertThatThrownBy(() -> growth.grow(10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrowthSchedule(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
