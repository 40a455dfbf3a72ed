package io.glancestore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.DuplicateException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AddReservationsTest {

    @Test
    void aSecondAddOfAReservedNameFailsUntilTheFirstReleasesIt() throws Exception {
        AddReservations reservations = new AddReservations();
        assertThat(reservations.open("e/b/id", "id", "bucket b", () -> "session")).isEqualTo("session");
        assertThatThrownBy(() -> reservations.open("e/b/id", "id", "bucket b", () -> "again"))
                .isInstanceOf(DuplicateException.class).hasMessage("image id is being added to bucket b already");
        assertThat(reservations.open("e/b/other", "other", "bucket b", () -> "other")).isEqualTo("other");
        reservations.release("e/b/id");
        assertThat(reservations.open("e/b/id", "id", "bucket b", () -> "later")).isEqualTo("later");
    }

    @Test
    void aFailedOpenReleasesTheName() throws Exception {
        AddReservations reservations = new AddReservations();
        assertThatThrownBy(() -> reservations.open("c/id", "id", "container c", () -> {
            throw new IOException("refused");
        })).isInstanceOf(IOException.class).hasMessage("refused");
        assertThatThrownBy(() -> reservations.open("c/id", "id", "container c", () -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(reservations.open("c/id", "id", "container c", () -> "session")).isEqualTo("session");
    }
}
