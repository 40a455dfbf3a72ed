package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundary between modules: a package named {@code internal} belongs to the module that
 * holds it, and no other module's classes (main or test) use it. What modules legitimately share
 * lives in the public API, the driver SPI or {@code io.glancestore.support}.
 *
 * <p>This module depends on every published module, so their main classes are on its class
 * path. The test classes of the modules built before it are read from their build folders, so
 * tests that reach into another module's internals (casting a store to the API layer's class to
 * get at its driver, say) fail the build too.
 */
class ModuleBoundaryTest {

    /** The module a class file comes from: its folder in this build, or its jar. */
    private static final Pattern MODULE = Pattern.compile("/(glance-[a-z-]+|bom)(?:/target/|-\\d[^/]*\\.jar)");

    private static final Set<String> PUBLISHED = Set.of("glance-store-api", "glance-store-tck", "glance-store-file",
            "glance-store-ceph", "glance-store-swift", "glance-store-vmware", "glance-cache", "glance-store-config",
            "glance-store-cli");

    @Test
    void noModuleUsesAnotherModulesInternalPackage() throws IOException {
        List<Path> locations = new ArrayList<>(buildFolders());
        JavaClasses classes = new ClassFileImporter().importPaths(locations);
        JavaClasses onClassPath = new ClassFileImporter().importPackages("io.glancestore");

        Set<String> modules = new TreeSet<>();
        Set<String> violations = new TreeSet<>();
        for (JavaClasses set : List.of(onClassPath, classes)) {
            for (JavaClass c : set) {
                Optional<String> from = module(c);
                from.ifPresent(modules::add);
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    if (!target.getPackageName().startsWith("io.glancestore.")
                            || !isInternal(target.getPackageName())) {
                        continue;
                    }
                    Optional<String> to = module(target);
                    if (from.isPresent() && to.isPresent() && !from.get().equals(to.get())) {
                        violations.add(from.get() + " uses " + to.get() + "'s internals: " + d.getDescription());
                    }
                }
            }
        }
        assertThat(modules).as("modules whose classes were checked").containsAll(PUBLISHED);
        assertThat(violations).as("uses of another module's internal package").isEmpty();
    }

    @Test
    void eachClassIsAttributedToTheModuleItComesFrom() {
        JavaClasses classes = new ClassFileImporter().importPackages("io.glancestore.internal", "io.glancestore.cli");
        assertThat(module(classes.get("io.glancestore.internal.DriverImageStore"))).contains("glance-store-api");
        assertThat(module(classes.get("io.glancestore.cli.GlanceStoreCli"))).contains("glance-store-cli");
    }

    private static boolean isInternal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }

    private static Optional<String> module(JavaClass c) {
        return c.getSource().map(source -> source.getUri()).map(URI::toString).flatMap(uri -> {
            Matcher m = MODULE.matcher(uri);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        });
    }

    /** The test classes of every module of this build that has been compiled already. */
    private static List<Path> buildFolders() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(m -> m.resolve("target/test-classes")).filter(Files::isDirectory).sorted()
                    .forEach(folders::add);
        }
        return folders;
    }
}
