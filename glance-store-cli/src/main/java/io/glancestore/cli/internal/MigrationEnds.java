package io.glancestore.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --from}, {@code --to} and {@code --journal} options of the migrate commands: the
 * backends an image moves between, and the state file that makes the move resumable.
 */
final class MigrationEnds {

    @Option(names = "--from", required = true, paramLabel = "BACKEND", description = "the backend to empty")
    String from;

    @Option(names = "--to", required = true, paramLabel = "BACKEND", description = "the backend to fill")
    String to;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "the migration's state file (default: one named after FROM and TO under <data dir>/migrations)")
    Path journal;

    /**
     * The journal: {@code --journal}, or {@code <data dir>/migrations/<prefix>FROM-to-TO.journal},
     * so that running the same migration again resumes it.
     *
     * @param s the session
     * @param prefix what sets this kind of migration's journals apart, may be empty
     * @return the journal's path
     */
    Path journal(Session s, String prefix) {
        return journal != null ? journal
                : s.global().dataDir().resolve("migrations").resolve(prefix + from + "-to-" + to + ".journal");
    }
}
