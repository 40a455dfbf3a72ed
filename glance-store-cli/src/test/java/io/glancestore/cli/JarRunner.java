package io.glancestore.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs the packaged glance-store.jar in its own JVM, as a user would. */
final class JarRunner {

    /** What a run printed and returned. */
    record Result(int exit, String out, String err, byte[] rawOut) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + (out.length() > 4000 ? out.substring(0, 4000) + "..." : out)
                    + "\n--- stderr\n" + err;
        }
    }

    private final Path workDir;

    JarRunner(Path workDir) {
        this.workDir = workDir;
    }

    static Path jar() {
        String p = System.getProperty("glance.store.jar");
        if (p == null) {
            throw new IllegalStateException("system property glance.store.jar is not set (run with mvn verify)");
        }
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("not built: " + jar);
        }
        return jar;
    }

    /** The command that starts the jar, without arguments. */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        return cmd;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(pb -> { }, args);
    }

    /**
     * Runs the jar with standard input closed: ProcessBuilder cannot close descriptor 0, so a
     * shell closes it and then becomes the JVM.
     */
    Result runWithClosedStdin(String... args) throws IOException, InterruptedException {
        return runThroughShell("<&-", args);
    }

    /** Runs the jar through {@code sh -c 'exec java ... REDIRECTION'}, e.g. {@code < /some/dir}. */
    Result runThroughShell(String redirection, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" " + redirection, "sh"));
        cmd.addAll(javaCommand());
        cmd.addAll(List.of(args));
        return execute(cmd, pb -> { }, String.join(" ", args));
    }

    /** Runs the jar with its standard output going to a file or device, e.g. /dev/full. */
    Result runWithStdoutTo(File target, String... args) throws IOException, InterruptedException {
        return run(pb -> pb.redirectOutput(target), args);
    }

    Result run(Consumer<ProcessBuilder> setup, String... args) throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(args));
        return execute(cmd, setup, String.join(" ", args));
    }

    /** Starts the jar with pipes for its standard streams, for tests that read or write them as it runs. */
    Process start(String... args) throws IOException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("GLANCE_STORE_DATA");
        return pb.start();
    }

    private Result execute(List<String> cmd, Consumer<ProcessBuilder> setup, String what)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("GLANCE_STORE_DATA");
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        setup.accept(pb);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("glance-store " + what + " did not finish");
        }
        byte[] raw = Files.readAllBytes(out);
        Result r = new Result(p.exitValue(), new String(raw, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), raw);
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
