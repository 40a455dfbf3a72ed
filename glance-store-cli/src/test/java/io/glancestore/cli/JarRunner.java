package io.glancestore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged glance-store.jar in its own JVM, as a user would. */
final class JarRunner {

    /** What a run printed and returned. */
    record Result(int exit, String out, String err, byte[] rawOut) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
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

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("GLANCE_STORE_DATA");
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("glance-store " + String.join(" ", args) + " did not finish");
        }
        byte[] raw = Files.readAllBytes(out);
        Result r = new Result(p.exitValue(), new String(raw, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), raw);
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
