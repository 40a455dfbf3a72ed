package io.glancestore.ceph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The features of new images: the client's rbd_default_features, or layering. */
class RbdFeaturesTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = ';', value = {
        "61; 61",
        "1; 1",
        "0; 1",
        "layering; 1",
        "layering,exclusive-lock,object-map,fast-diff,deep-flatten; 61",
        "layering, exclusive-lock; 5",
        "LAYERING,striping; 3"})
    void numbersAndNamesAreAccepted(String configured, long bits) {
        assertThat(RbdFeatures.parse(configured)).isEqualTo(bits);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void unsetMeansLayering(String configured) {
        assertThat(RbdFeatures.parse(configured)).isEqualTo(RbdFeatures.LAYERING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"layering,teleport", "-1", "99999999999999999999999"})
    void unknownValuesAreRefused(String configured) {
        assertThatThrownBy(() -> RbdFeatures.parse(configured)).isInstanceOf(IllegalArgumentException.class);
    }
}
