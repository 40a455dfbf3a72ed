package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.Locations;
import io.glancestore.location.StoreLocation;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * The properties every location parser must have, fed generated and mutated URIs: it either
 * accepts a location that formats back to itself, or refuses it with
 * {@link BadStoreUriException}, nothing else, in a message of one line; and it stays within a
 * bound of time and memory linear in the input ({@link ResourceBound}), however long or strange
 * the input is. A driver's test extends this with its parser and a few valid locations; jqwik
 * runs the inherited properties. Needs {@code net.jqwik:jqwik} on the test class path.
 */
public abstract class LocationParserProperties {

    /** Pieces that parsers have got wrong elsewhere: traversal, encodings, separators, controls. */
    static final List<String> NASTY = List.of("..", ".", "/", "//", "%2e%2e", "%2F", "%", "%zz", "?", "#", "@", ":",
            "[", "]", "\u0000", "\n", "\r", "\t", " ", "\u202e", "\u2028", "\ud800", "\ufeff", "\\", "'", "\"", ";",
            "+", "=", "&", "caf\u00e9", "\uD83D\uDE00", "x".repeat(300));

    /** Creates the properties; jqwik creates the subclass. */
    protected LocationParserProperties() {
    }

    /**
     * Parses a location of the scheme under test.
     *
     * @param uri any text
     * @return the location
     * @throws BadStoreUriException if the text is not a valid location
     */
    protected abstract StoreLocation parse(String uri);

    /**
     * Valid locations of the scheme under test, the seeds of the mutations.
     *
     * @return at least one location
     */
    protected abstract List<String> validLocations();

    /**
     * Further checks of an accepted location, particular to its type; none by default.
     *
     * @param location a location the parser accepted
     */
    protected void checkAccepted(StoreLocation location) {
    }

    /**
     * Valid locations with nasty pieces inserted, cut off or substituted at varying places.
     *
     * @return the mutated locations
     */
    @Provide
    public Arbitrary<String> mutatedLocations() {
        Arbitrary<String> base = Arbitraries.of(validLocations());
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(NASTY), Arbitraries.strings().ofMaxLength(8));
        return Combinators.combine(base, piece, Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 4)).as((uri, p, at, how, times) -> {
                    String s = uri;
                    for (int i = 0; i < times; i++) {
                        int pos = Math.min(at * (i + 1) % (s.length() + 1), s.length());
                        switch (how) {
                            case 0 -> s = s.substring(0, pos) + p + s.substring(pos);
                            case 1 -> s = s.substring(0, pos);
                            case 2 -> s = s.substring(0, pos) + p + s.substring(Math.min(s.length(), pos + p.length()));
                            default -> s = s.replace("/", "/" + p);
                        }
                    }
                    return s;
                });
    }

    /**
     * Long runs of pieces that make naive parsers quadratic.
     *
     * @return the pieces, 10,000 to 400,000 times repeated
     */
    @Provide
    public Arbitrary<String> hugePieces() {
        return Arbitraries.of("/", "x", "%2e", "a/..", "\u202e", "@:").flatMap(p ->
                Arbitraries.integers().between(10_000, 400_000).map(p::repeat));
    }

    /**
     * Mutated valid locations give a location or a typed error.
     *
     * @param uri a mutated location
     */
    @Property(tries = 2000)
    public void mutatedLocationsGiveALocationOrATypedError(@ForAll("mutatedLocations") String uri) {
        check(uri);
    }

    /**
     * Any text gives a location or a typed error.
     *
     * @param uri any text
     */
    @Property(tries = 1000)
    public void arbitraryTextGivesALocationOrATypedError(@ForAll @StringLength(max = 200) String uri) {
        check(uri);
    }

    /**
     * Huge inputs cost time and memory linear in their length.
     *
     * @param uri a mutated location
     * @param piece a long run to append
     */
    @Property(tries = 40)
    public void hugeInputsStayWithinLinearBounds(@ForAll("mutatedLocations") String uri,
            @ForAll("hugePieces") String piece) {
        String huge = uri + piece;
        ResourceBound.DEFAULT.check(huge.length(), () -> check(huge));
    }

    private void check(String uri) {
        StoreLocation location = null;
        try {
            location = parse(uri);
        } catch (BadStoreUriException e) {
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u202e");
        }
        if (location != null) {
            StoreLocation again = parse(location.uri());
            assertThat(again.uri()).as("formats back to itself").isEqualTo(location.uri());
            assertThat(again.imageId()).isEqualTo(location.imageId());
            assertThat(location.toString()).doesNotContain("\n");
            checkAccepted(location);
        }
        try {
            Locations.scheme(uri);
        } catch (BadStoreUriException e) {
            // typed
        }
        assertThat(Locations.mask(uri)).doesNotContain("\n").doesNotContain("\u202e");
    }
}
