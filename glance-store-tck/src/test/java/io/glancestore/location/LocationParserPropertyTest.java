package io.glancestore.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.memory.MemoryLocation;
import io.glancestore.tck.ResourceBound;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * The location parser of every scheme, fed generated and mutated URIs: each either accepts a
 * location that formats back to itself, never with a {@code .} or {@code ..} segment in a file
 * path, or refuses it with {@link BadStoreUriException}, nothing else; and each stays within a
 * bound of time and memory linear in the input, however long or strange it is. It lives with the
 * contract kit for the kit's {@link ResourceBound}, which the API module's own tests cannot use.
 */
class LocationParserPropertyTest {

    /** Every parser, by scheme. */
    static final List<Function<String, StoreLocation>> PARSERS = List.of(FileLocation::parse, RbdLocation::parse,
            SwiftLocation::parse, VsphereLocation::parse, MemoryLocation::parse);

    static final List<String> VALID = List.of(
            "file:///var/lib/glance/images/1d2c",
            "filesystem:///srv/images/abc",
            "rbd://fsid-1234/images/1d2c/snap",
            "rbd://1d2c",
            "swift+https://account:user:key@auth.example.com/v3/glance/1d2c",
            "swift+http://[::1]:8080/v1/AUTH_x/glance/abc",
            "swift+config://ref1@default/glance/1d2c",
            "swift://example.com/v1/AUTH_x/c/o",
            "vsphere://vc.example.com/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1",
            "vsphere://vc.example.com:8443/folder/openstack_glance/abc?dcPath=Folder%2FDC+1&dsName=ds+1",
            "memory://fast/img");

    /** Pieces that parsers have got wrong elsewhere: traversal, encodings, separators, controls. */
    static final List<String> NASTY = List.of("..", ".", "/", "//", "%2e%2e", "%2F", "%", "%zz", "?", "#", "@", ":",
            "[", "]", "\u0000", "\n", "\r", "\t", " ", "\u202e", "\u2028", "\ud800", "\ufeff", "\\", "'", "\"", ";",
            "+", "=", "&", "caf\u00e9", "\uD83D\uDE00", "x".repeat(300));

    @Provide
    Arbitrary<String> mutatedLocations() {
        Arbitrary<String> base = Arbitraries.of(VALID);
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

    @Property(tries = 2000)
    void mutatedLocationsGiveALocationOrATypedError(@ForAll("mutatedLocations") String uri) {
        checkEveryParser(uri);
    }

    @Property(tries = 1000)
    void arbitraryTextGivesALocationOrATypedError(@ForAll @StringLength(max = 200) String uri) {
        checkEveryParser(uri);
    }

    @Property(tries = 40)
    void hugeInputsStayWithinLinearBounds(@ForAll("mutatedLocations") String uri,
            @ForAll("hugePieces") String piece) {
        String huge = uri + piece;
        ResourceBound.DEFAULT.check(huge.length(), () -> checkEveryParser(huge));
    }

    @Provide
    Arbitrary<String> hugePieces() {
        return Arbitraries.of("/", "x", "%2e", "a/..", "\u202e", "@:").flatMap(p ->
                Arbitraries.integers().between(10_000, 400_000).map(p::repeat));
    }

    private static void checkEveryParser(String uri) {
        for (Function<String, StoreLocation> parser : PARSERS) {
            StoreLocation location;
            try {
                location = parser.apply(uri);
            } catch (BadStoreUriException e) {
                assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u202e");
                continue;
            }
            StoreLocation again = parser.apply(location.uri());
            assertThat(again.uri()).as("formats back to itself").isEqualTo(location.uri());
            assertThat(again.imageId()).isEqualTo(location.imageId());
            assertThat(location.toString()).doesNotContain("\n");
            if (location instanceof FileLocation file) {
                Path path = file.path();
                assertThat(path.isAbsolute()).isTrue();
                assertThat(path.normalize()).as("no '.' or '..' that could leave a folder").isEqualTo(path);
            }
        }
        try {
            Locations.scheme(uri);
        } catch (BadStoreUriException e) {
            // typed
        }
        assertThat(Locations.mask(uri)).doesNotContain("\n").doesNotContain("\u202e");
    }
}
