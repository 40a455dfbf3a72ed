package io.glancestore.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A throwaway server for integration tests, run by a script: {@code script start <dir>} installs
 * what it needs, starts the server with everything inside {@code <dir>}, and writes
 * {@code <dir>/<env file>} of {@code KEY=VALUE} lines once the server answers;
 * {@code script stop <dir>} stops it by pid. This is how the project's own Ceph, Swift and
 * vCenter simulator fixtures run, and a store's author can run a server the same way.
 *
 * <p>A server that cannot start fails the test with the script's output (secrets masked); it
 * never skips it. A server started here is stopped when the JVM exits; a build tool should also
 * run the stop command after the tests, for a JVM that dies without running its shutdown hooks.
 */
public final class ScriptedServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern SECRET_LINE =
            Pattern.compile("(?m)^(\\w*(?:PASSWORD|SECRET|TOKEN|_KEY)\\w*)=.*$");

    private final String name;
    private final Map<String, String> env;
    private final Path script;
    private final Path dir;

    private ScriptedServer(String name, Map<String, String> env, Path script, Path dir) {
        this.name = name;
        this.env = Collections.unmodifiableMap(env);
        this.script = script;
        this.dir = dir;
    }

    /**
     * Starts a server, or uses one already running. With the environment variable
     * {@code reuseVariable} set to an env file, that server is used and left running. Otherwise
     * the script and its folder come from the system properties {@code <prefix>.script} and
     * {@code <prefix>.dir} (set by the build), and the server is started there and stopped when
     * the JVM exits.
     *
     * @param name what the server is, for messages (e.g. {@code "Ceph cluster"})
     * @param propertyPrefix prefix of the system properties naming the script and the folder
     * @param reuseVariable environment variable that may name the env file of a running server
     * @param envFile name of the env file the script writes in its folder
     * @param requiredKeys keys the env file must hold
     * @return the running server
     * @throws AssertionError if the server cannot be started or its env file lacks a key
     */
    public static ScriptedServer startOrReuse(String name, String propertyPrefix, String reuseVariable, String envFile,
            String... requiredKeys) {
        String existing = System.getenv(reuseVariable);
        if (existing != null && !existing.isBlank()) {
            return new ScriptedServer(name, readEnv(Path.of(existing), requiredKeys), null, null);
        }
        String script = System.getProperty(propertyPrefix + ".script");
        String dir = System.getProperty(propertyPrefix + ".dir");
        if (script == null || script.isBlank() || dir == null || dir.isBlank()) {
            throw new AssertionError("system properties " + propertyPrefix + ".script and " + propertyPrefix
                    + ".dir (set by the module's failsafe configuration) must name the " + name
                    + " script and its folder, or " + reuseVariable + " the env file of a running " + name);
        }
        return start(name, Path.of(script), Path.of(dir), envFile, Map.of(), requiredKeys);
    }

    /**
     * Starts a server with its script, and stops it when the JVM exits.
     *
     * @param name what the server is, for messages
     * @param script the script
     * @param dir the server's folder
     * @param envFile name of the env file the script writes in the folder
     * @param scriptEnvironment environment variables for the script, e.g. ports or sizes
     * @param requiredKeys keys the env file must hold
     * @return the running server
     * @throws AssertionError if the server cannot be started or its env file lacks a key
     */
    public static ScriptedServer start(String name, Path script, Path dir, String envFile,
            Map<String, String> scriptEnvironment, String... requiredKeys) {
        Path absoluteScript = script.toAbsolutePath().normalize();
        Path absoluteDir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absoluteDir);
            Path log = absoluteDir.resolveSibling(absoluteDir.getFileName() + "-start.log");
            ProcessBuilder builder = new ProcessBuilder("bash", absoluteScript.toString(), "start",
                    absoluteDir.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(scriptEnvironment);
            Process p = builder.start();
            boolean done = p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            if (!done || p.exitValue() != 0) {
                String output = SECRET_LINE.matcher(Files.readString(log, StandardCharsets.UTF_8)).replaceAll("$1=***");
                throw new AssertionError("starting the " + name + " with " + absoluteScript + " in " + absoluteDir
                        + (done ? " failed" : " timed out") + " (root is needed to install its packages):\n" + output);
            }
            ScriptedServer server = new ScriptedServer(name, readEnv(absoluteDir.resolve(envFile), requiredKeys),
                    absoluteScript, absoluteDir);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, name + " stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the " + name, e);
        }
    }

    /**
     * Reads an env file of {@code KEY=VALUE} lines.
     *
     * @param file the file
     * @param requiredKeys keys it must hold
     * @return its values, in file order
     * @throws AssertionError if a key is missing
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Map<String, String> readEnv(Path file, String... requiredKeys) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        List<String> missing = new ArrayList<>();
        for (String key : requiredKeys) {
            if (!values.containsKey(key)) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError(file + " lacks " + missing);
        }
        return values;
    }

    /**
     * A value of the server's env file.
     *
     * @param key the key
     * @return the value
     * @throws AssertionError if the env file has no such key
     */
    public String get(String key) {
        String value = env.get(Objects.requireNonNull(key, "key"));
        if (value == null) {
            throw new AssertionError("the " + name + "'s env file has no " + key);
        }
        return value;
    }

    /**
     * Every value of the server's env file.
     *
     * @return the values, unmodifiable
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Stops the server, if it was started here (a reused one is left running). Waits for the
     * script; failures are reported on standard error, since this runs at JVM exit.
     */
    public void stop() {
        if (script == null) {
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "stop", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.err.println("stopping the " + name + " in " + dir + " with " + script + " failed");
            }
        } catch (IOException e) {
            System.err.println("stopping the " + name + " in " + dir + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ScriptedServer{" + name + (dir == null ? ", reused" : ", " + dir) + "}";
    }
}
