package io.glancestore.cli.internal;

import io.glancestore.config.BackendConfig;
import io.glancestore.config.ConfigFileException;
import io.glancestore.config.GlanceConfig;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.location.Locations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code config}: configuration subcommands. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
        subcommands = ConfigCommand.Check.class)
public final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a config command is required");
    }

    /** {@code config check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validates a glance-api.conf or Kolla globals.yml as the drivers would when built (every"
                    + " value and combination they check, local files they read; no connection), and shows what it"
                    + " would build, secrets masked. With --connect, each backend's driver also contacts its server."
                    + " Exit 0: valid; 5: invalid (or warnings with --strict); another code when a server cannot be"
                    + " reached.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the file (default: --config)")
        Path file;

        @Option(names = "--connect", description = "also contact every backend's server (cluster and pool, object"
                + " store and container, vCenter and datastores, folders)")
        boolean connect;

        @Override
        public Integer call() {
            GlobalOptions global = GlobalOptions.of(spec);
            Path f = file != null ? file : global.config();
            if (f == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a FILE or --config");
            }
            GlanceConfig c = GlanceConfig.loader().strict(global.strict()).load(f);
            Map<String, String> missing = c.backendsWithoutDriver(GlanceConfig.class.getClassLoader());
            Map<String, BadStoreConfigurationException> problems = c.validate();
            Map<String, Map<String, Object>> connections = new LinkedHashMap<>();
            RuntimeException firstConnectFailure = null;
            if (connect) {
                for (BackendConfig b : c.backends()) {
                    if (!missing.containsKey(b.id()) && !problems.containsKey(b.id())) {
                        Map<String, Object> result = new LinkedHashMap<>();
                        try {
                            result.put("status", "ok");
                            result.put("detail", c.checkConnection(b.id()));
                        } catch (UnsupportedOperationException e) {
                            result.put("status", "not_checked");
                            result.put("detail", e.getMessage());
                        } catch (GlanceStoreException e) {
                            result.put("status", "failed");
                            result.put("detail", Locations.mask(e.getMessage()));
                            result.put("kind", ErrorKinds.of(e));
                            firstConnectFailure = firstConnectFailure == null ? e : firstConnectFailure;
                        }
                        connections.put(b.id(), result);
                    }
                }
            }
            boolean valid = !missing.containsKey(c.defaultBackend()) && problems.isEmpty();
            print(global, f, c, missing, problems, connections, valid);
            if (!valid) {
                String first = problems.isEmpty() ? "default backend '" + c.defaultBackend() + "' has no driver"
                        : problems.values().iterator().next().getMessage();
                spec.commandLine().getErr().println("glance-store: " + Locations.mask(first));
                return ExitCodes.CONFIG;
            }
            if (firstConnectFailure != null) {
                spec.commandLine().getErr().println("glance-store: " + Locations.mask(firstConnectFailure.getMessage()));
                return ExitCodes.of(firstConnectFailure);
            }
            return ExitCodes.OK;
        }

        private static void print(GlobalOptions global, Path f, GlanceConfig c, Map<String, String> missing,
                Map<String, BadStoreConfigurationException> problems, Map<String, Map<String, Object>> connections,
                boolean valid) {
            Output out = global.results();
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", f.toString());
                m.put("valid", valid);
                m.put("default_backend", c.defaultBackend());
                List<Map<String, Object>> backends = new ArrayList<>();
                for (BackendConfig b : c.backends()) {
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("id", b.id());
                    bm.put("type", b.type());
                    bm.put("weight", b.weight());
                    bm.put("driver", missing.containsKey(b.id()) ? "missing" : "available");
                    bm.put("options", b.displayOptions());
                    bm.put("problem", problem(problems.get(b.id())));
                    bm.put("connect", connections.get(b.id()));
                    backends.add(bm);
                }
                m.put("backends", backends);
                m.put("cache", c.cache().map(cc -> {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("dir", String.valueOf(cc.dir()));
                    cm.put("max_size", cc.maxSize());
                    cm.put("stall_time", cc.stallTime().toSeconds());
                    return cm;
                }).orElse(null));
                m.put("warnings", c.warnings());
                m.put("notes", c.notes());
                out.printJson(m);
                return;
            }
            out.text(c.describe().stripTrailing());
            missing.forEach((id, type) -> out.text("driver: backend " + id + " (" + type
                    + ") has no driver in this build" + (id.equals(c.defaultBackend()) ? ": ERROR, it is the default"
                    : "; it would be left out")));
            problems.forEach((id, e) -> out.text("error: backend " + id + ": " + Locations.mask(e.getMessage())));
            connections.forEach((id, r) -> out.text("connect: backend " + id + ": " + r.get("status").toString()
                    .replace('_', ' ') + ": " + r.get("detail")));
            out.text(valid ? "valid" : "invalid");
        }

        private static Map<String, Object> problem(BadStoreConfigurationException e) {
            if (e == null) {
                return null;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("message", Locations.mask(e.getMessage()));
            if (e instanceof ConfigFileException) {
                ConfigFileException located = (ConfigFileException) e;
                p.put("file", located.file() == null ? null : located.file().toString());
                p.put("line", located.line() == 0 ? null : located.line());
                p.put("option", located.key());
            }
            return p;
        }
    }
}
