package io.glancestore.cli.internal;

import io.glancestore.glance.GlanceClient;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * A command that works with a running Glance and the configured stores together: it runs with a
 * session and a Glance client, both closed whatever happens.
 */
abstract class GlanceSessionCommand extends SessionCommand {

    @Mixin
    GlanceCommand.Connection glance;

    @Override
    final int run(Session s) throws IOException {
        try (GlanceClient client = glance.client()) {
            return run(s, client);
        }
    }

    /**
     * Does the command's work.
     *
     * @param s the session
     * @param client the Glance client
     * @return the exit code
     * @throws IOException if a local file cannot be read or written
     */
    abstract int run(Session s, GlanceClient client) throws IOException;
}
