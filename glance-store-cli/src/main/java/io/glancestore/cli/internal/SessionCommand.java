package io.glancestore.cli.internal;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the configured stores: it checks its own arguments, then runs in a
 * {@link Session} that is closed (stores, cache, progress display) whatever happens.
 */
abstract class SessionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws IOException {
        checkArguments();
        try (Session s = new Session(spec)) {
            return run(s);
        }
    }

    /**
     * Refuses arguments that cannot work before any configuration is read or store opened; none
     * by default.
     */
    void checkArguments() {
    }

    /**
     * Does the command's work.
     *
     * @param s the session, closed by the caller
     * @return the exit code
     * @throws IOException if a local file cannot be read or written
     */
    abstract int run(Session s) throws IOException;
}
