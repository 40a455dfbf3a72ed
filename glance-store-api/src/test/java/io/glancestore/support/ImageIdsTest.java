package io.glancestore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.InvalidImageIdException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"71c675ab-d94f-49cd-a114-e12490b328d9", "a", "image_1.raw", "x~y", "a..b"})
    void acceptsIdsThatRoundTripEverywhere(String id) {
        assertThat(ImageIds.validate(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc/passwd", "/abs", "a/b", "a\\b", ".glance-tmp", "a b",
        "a#b", "a?b", "a%2Fb", "a\nb", "a\rb", "a\u0000b", "caf\u00e9", "a:b"})
    void refusesIdsThatCouldEscapeOrNotRoundTrip(String id) {
        assertThatThrownBy(() -> ImageIds.validate(id)).isInstanceOf(InvalidImageIdException.class);
    }

    @org.junit.jupiter.api.Test
    void refusesOverLongIdsAndNull() {
        assertThat(ImageIds.validate("x".repeat(ImageIds.MAX_LENGTH))).hasSize(ImageIds.MAX_LENGTH);
        assertThatThrownBy(() -> ImageIds.validate("x".repeat(ImageIds.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidImageIdException.class);
        assertThatThrownBy(() -> ImageIds.validate(null)).isInstanceOf(InvalidImageIdException.class);
    }

    @org.junit.jupiter.api.Test
    void messagesEscapeControlCharacters() {
        assertThatThrownBy(() -> ImageIds.validate("evil\nINFO forged log line"))
                .hasMessageNotContaining("\n").hasMessageContaining("\\x0a");
    }
}
