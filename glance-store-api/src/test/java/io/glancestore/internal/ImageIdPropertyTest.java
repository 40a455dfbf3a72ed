package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.InvalidImageIdException;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * The id validator, fed any text: an accepted id is safe as a file name, an object name and a
 * URI segment, and can never lead out of the folder it is resolved in; everything else is an
 * {@link InvalidImageIdException} whose message shows the id escaped.
 */
class ImageIdPropertyTest {

    private static final Path ROOT = Path.of("/store/root");

    @Property(tries = 3000)
    void anyTextIsAValidIdOrATypedError(@ForAll @StringLength(max = 260) String id) {
        check(id);
    }

    @Property(tries = 3000)
    void idLikeTextIsAValidIdOrATypedError(@ForAll("idLike") String id) {
        check(id);
    }

    @Provide
    Arbitrary<String> idLike() {
        return Arbitraries.strings().withChars("abcXYZ019-._~/\\:%@ \u202e\u2028\u0000\u00e9")
                .ofMinLength(0).ofMaxLength(210);
    }

    private static void check(String id) {
        String accepted;
        try {
            accepted = ImageIds.validate(id);
        } catch (InvalidImageIdException e) {
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000").doesNotContain("\u202e")
                    .doesNotContain("\u2028");
            return;
        }
        assertThat(accepted).isSameAs(id).matches("[A-Za-z0-9._~-]{1,200}").doesNotStartWith(".");
        Path resolved = ROOT.resolve(id).normalize();
        assertThat(resolved.getParent()).as("stays in its folder").isEqualTo(ROOT);
        assertThat(resolved.getFileName().toString()).isEqualTo(id);
    }
}
