package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.StoreDeleteNotSupportedException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.location.Locations;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The location URIs add returns, and URIs that are not the store's. */
public abstract class LocationUrisContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected LocationUrisContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @Test
    @DisplayName("a location has a scheme, no whitespace or control characters, and is handled by the store")
    void locationWellFormed() {
        GeneratedImage image = GeneratedImage.of(101, 100);
        String location = add(newImageId(), image, image.size()).location();

        assertThat(Locations.scheme(location)).isNotBlank();
        assertThat(location.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))
                .as("no whitespace or control characters in %s", Locations.mask(location)).isTrue();
        assertThat(store().handles(location)).isTrue();
    }

    @Test
    @DisplayName("handles() stays true for a location after its image was deleted: it is still the store's")
    void deletedLocationStillHandled() {
        requireCapability(Capability.DELETE_ACCESS);
        GeneratedImage image = GeneratedImage.of(102, 100);
        String location = add(newImageId(), image, image.size()).location();
        store().delete(location);

        assertThat(store().handles(location)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("io.glancestore.tck.LocationUrisContract#foreignLocations")
    @DisplayName("handles() answers false for malformed or foreign locations and never throws")
    void foreignNotHandled(String location) {
        assertThat(store().handles(location)).isFalse();
    }

    @Test
    @DisplayName("handles(null) answers false")
    void nullNotHandled() {
        assertThat(store().handles(null)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("io.glancestore.tck.LocationUrisContract#foreignLocations")
    @DisplayName("get, size and delete of a malformed or foreign location fail with BadStoreUriException "
            + "or UnknownSchemeException")
    void foreignRefused(String location) {
        assertThatThrownBy(() -> store().get(location).close())
                .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class);
        assertThatThrownBy(() -> store().size(location))
                .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class);
        assertThatThrownBy(() -> store().delete(location))
                .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class,
                        StoreDeleteNotSupportedException.class);
    }

    @Test
    @DisplayName("the store's own scheme with nothing after it is refused")
    void bareOwnScheme() {
        GeneratedImage image = GeneratedImage.of(103, 100);
        String location = add(newImageId(), image, image.size()).location();
        String scheme = Locations.scheme(location);

        for (String bare : List.of(scheme + ":", scheme + "://", scheme + ":///")) {
            assertThat(store().handles(bare)).as("handles(%s)", bare).isFalse();
            assertThatThrownBy(() -> store().get(bare).close()).as("get(%s)", bare)
                    .isInstanceOf(BadStoreUriException.class);
            assertThatThrownBy(() -> store().size(bare)).as("size(%s)", bare)
                    .isInstanceOf(BadStoreUriException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../", "../../", "..%2F", "./../"})
    @DisplayName("a location whose image part climbs out of the store never serves bytes")
    void traversalRefused(String climb) {
        GeneratedImage image = GeneratedImage.of(104, 100);
        String id = newImageId();
        String location = add(id, image, image.size()).location();
        assumeTrue(location.indexOf(id) >= 0 && location.indexOf(id) == location.lastIndexOf(id),
                "store's locations do not contain the image id once");
        String climbing = location.replace(id, climb + id);

        assertThatThrownBy(() -> store().get(climbing).close())
                .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class, NotFoundException.class);
        assertThatThrownBy(() -> store().size(climbing))
                .isInstanceOfAny(BadStoreUriException.class, UnknownSchemeException.class, NotFoundException.class);
    }

    /**
     * Locations no store of this SDK may claim: malformed, without scheme, of invented schemes.
     *
     * @return the URIs
     */
    static Stream<String> foreignLocations() {
        return Stream.of("", " ", "garbage", "no-scheme/at/all", "://missing-scheme/x", ":",
                "1nvalid-scheme://host/x", "no-such-scheme://host/" + UUID.randomUUID(),
                "bogus+scheme://user:secret@host/" + UUID.randomUUID(), "\u0000", "scheme\u0000://x/y");
    }
}
