package io.glancestore.cli.internal;

import picocli.CommandLine.Option;

/** The {@code --store} option of the commands that work on one configured backend. */
final class BackendOption {

    @Option(names = "--store", paramLabel = "BACKEND", description = "backend id (default: the default backend)")
    String store;

    /**
     * The backend's id.
     *
     * @param s the session, for its configuration
     * @return the id given, else the configuration's default backend
     */
    String id(Session s) {
        return store != null ? store : s.config().defaultBackend();
    }
}
