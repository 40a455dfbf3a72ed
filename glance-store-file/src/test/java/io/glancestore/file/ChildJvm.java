package io.glancestore.file;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Starts other JVMs on this test's class path, for what one process cannot show: writers
 * racing from several processes, a writer killed mid-add, a client running as another user.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * A command running a main class of the test class path.
     *
     * @param mainClass the class
     * @param args its arguments
     * @return the command
     */
    static List<String> command(Class<?> mainClass, String... args) {
        return command(System.getProperty("java.class.path"), mainClass, args);
    }

    /**
     * A command running a main class on a given class path.
     *
     * @param classpath the class path
     * @param mainClass the class
     * @param args its arguments
     * @return the command
     */
    static List<String> command(String classpath, Class<?> mainClass, String... args) {
        return command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), classpath, mainClass, args);
    }

    /**
     * A command running a main class of the test class path with given JVM options.
     *
     * @param jvmOptions options such as {@code -Xmx48m}
     * @param classpath the class path
     * @param mainClass the class
     * @param args its arguments
     * @return the command
     */
    static List<String> command(List<String> jvmOptions, String classpath, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xshare:auto", "-cp", classpath, mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Copies the test class path into a folder every user can read, for a child running as an
     * unprivileged user (the build's own folders may be private to the building user).
     *
     * @param target an empty folder
     * @return the class path of the copy
     * @throws IOException if copying fails
     */
    static String copyClasspath(Path target) throws IOException {
        List<String> copied = new ArrayList<>();
        int i = 0;
        for (Path entry : classpathEntries()) {
            if (!Files.exists(entry)) {
                continue;
            }
            Path copy = target.resolve(i++ + "-" + entry.getFileName());
            if (Files.isDirectory(entry)) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Path dest = copy.resolve(entry.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(dest);
                        } else {
                            Files.copy(p, dest);
                        }
                    }
                }
            } else {
                Files.copy(entry, copy);
            }
            copied.add(copy.toString());
        }
        return String.join(File.pathSeparator, copied);
    }

    /**
     * The class path entries, with a manifest-only jar (how test runners pass long class paths)
     * replaced by the entries its manifest lists.
     */
    private static List<Path> classpathEntries() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String item : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(item).toAbsolutePath();
            List<Path> listed = manifestClassPath(path);
            entries.addAll(listed.isEmpty() ? List.of(path) : listed);
        }
        return entries;
    }

    private static List<Path> manifestClassPath(Path jar) throws IOException {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            List<Path> paths = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                paths.add(Path.of(jar.toUri().resolve(new URI(url))));
            }
            return paths;
        } catch (URISyntaxException e) {
            throw new IOException("bad Class-Path in " + jar, e);
        }
    }
}
