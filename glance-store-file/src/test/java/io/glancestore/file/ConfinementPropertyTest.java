package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.file.FileLocation;
import io.glancestore.location.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/**
 * The file store fed generated locations, made of its own folder and every piece that has let
 * other stores out of theirs ({@code ..}, symbolic links to files and folders outside, encoded
 * dots, doubled slashes, the legacy scheme): whatever is asked (parse, size, read, delete), the
 * answer is an image of its folder or a typed error, and nothing outside the folder is ever
 * read or removed.
 */
class ConfinementPropertyTest {

    private Path tmp;
    private Path datadir;
    private Path outside;
    private FileStore store;

    @BeforeProperty
    void open() throws IOException {
        tmp = Files.createTempDirectory("confinement");
        datadir = Files.createDirectories(tmp.resolve("root/images"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not an image of the store");
        Files.createSymbolicLink(datadir.resolve("link"), outside.resolve("secret"));
        Files.createSymbolicLink(datadir.resolve("dirlink"), outside);
        Files.createSymbolicLink(tmp.resolve("root/alias"), datadir);
        store = FileStore.builder().datadir(datadir).build();
    }

    @BeforeTry
    void image() {
        if (!Files.exists(datadir.resolve("img"))) {
            store.add("img", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        }
    }

    @AfterProperty
    void close() throws IOException {
        store.close();
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Provide
    Arbitrary<String> locations() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("..", ".", "", "img", "link", "dirlink", "secret", "outside", "images", "root", "alias",
                        "%2e%2e", "%2f", "img/", "\u0000", " img", "img?x", "img#x", "a b", "caf\u00e9"),
                Arbitraries.strings().alpha().numeric().withChars("-._~").ofMaxLength(10));
        Arbitrary<String> path = segment.list().ofMinSize(0).ofMaxSize(6).map(s -> String.join("/", s));
        Arbitrary<String> base = Arbitraries.of("", "/", "//");
        Arbitrary<String> scheme = Arbitraries.of("file://", "filesystem://", "file:", "file:///");
        Arbitrary<String> anywhere = base.flatMap(b -> path.flatMap(p -> scheme.flatMap(sch -> Arbitraries.of(
                datadir.toString(), tmp.toString(), tmp.resolve("root/alias").toString(), "", "/etc")
                .map(start -> sch + start + b + p))));
        // Half of them close to the images, so that the store's answers are not all refusals.
        Arbitrary<String> close = Arbitraries.of("img", "img", "link", "dirlink", "dirlink/secret", "../images/img",
                "./img", "/img", "img/.", "%69mg", "../../outside/secret").flatMap(tail -> Arbitraries.of(
                "file://" + datadir + "/", "filesystem://" + datadir + "/", "file://" + tmp + "/root/alias/")
                .map(head -> head + tail));
        return Arbitraries.oneOf(anywhere, close);
    }

    @Property(tries = 3000)
    void everyAnswerIsAnImageOfTheFolderOrATypedError(@ForAll("locations") String location,
            @ForAll("actions") String action) throws IOException {
        boolean accepted = false;
        try {
            switch (action) {
                case "parse" -> {
                    StoreLocation parsed = store.location(location);
                    Path path = ((FileLocation) parsed).path();
                    assertThat(path.getParent().toRealPath()).as(location).isEqualTo(datadir.toRealPath());
                }
                case "size" -> assertThat(store.size(location)).isEqualTo(3);
                case "get" -> {
                    try (ImageData data = store.get(location)) {
                        assertThat(data.readAllBytes()).containsExactly(1, 2, 3);
                    }
                }
                default -> store.delete(location);
            }
            accepted = true;
        } catch (GlanceStoreException refused) {
            // typed
        }
        // The generator must reach the store's images too, or the property proves nothing.
        Statistics.label("accepted").collect(accepted);
        Statistics.label("accepted").coverage(c -> c.check(true).count(n -> n >= 30));
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("not an image of the store");
        assertThat(Files.isSymbolicLink(datadir.resolve("link"))).isTrue();
        assertThat(Files.isSymbolicLink(datadir.resolve("dirlink"))).isTrue();
        try (Stream<Path> left = Files.list(outside)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("secret"));
        }
    }

    @Provide
    Arbitrary<String> actions() {
        return Arbitraries.of("parse", "size", "get", "delete");
    }
}
