package io.glancestore.cli.internal;

import io.glancestore.StoreRegistry;
import io.glancestore.config.BackendConfig;
import io.glancestore.config.GlanceConfig;
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
            description = "Validates a glance-api.conf or Kolla globals.yml and shows what it would build"
                    + " (secrets masked). Exit 0: valid; 5: invalid (or warnings with --strict).")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the file (default: --config)")
        Path file;

        @Option(names = "--connect", description = "also create the stores, connecting to their servers")
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
            Output out = new Output(spec.commandLine().getOut(), global.json());
            boolean ok = !missing.containsKey(c.defaultBackend());
            String connected = "not tried";
            if (ok && connect) {
                try (StoreRegistry r = c.buildRegistry()) {
                    connected = "ok: " + r.stores().size() + " stores";
                }
            }
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", f.toString());
                m.put("valid", ok);
                m.put("default_backend", c.defaultBackend());
                List<Map<String, Object>> backends = new ArrayList<>();
                for (BackendConfig b : c.backends()) {
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("id", b.id());
                    bm.put("type", b.type());
                    bm.put("weight", b.weight());
                    bm.put("driver", missing.containsKey(b.id()) ? "missing" : "available");
                    bm.put("options", b.displayOptions());
                    backends.add(bm);
                }
                m.put("backends", backends);
                m.put("cache", c.cache().map(cc -> Map.of("dir", String.valueOf(cc.dir()), "max_size", cc.maxSize(),
                        "stall_time", cc.stallTime().toSeconds())).orElse(null));
                m.put("warnings", c.warnings());
                m.put("notes", c.notes());
                m.put("connect", connected);
                Output.printJson(spec.commandLine().getOut(), m);
            } else {
                out.text(c.describe().stripTrailing());
                missing.forEach((id, type) -> out.text("driver: backend " + id + " (" + type
                        + ") has no driver in this build" + (id.equals(c.defaultBackend()) ? ": ERROR, it is the default"
                        : "; it would be left out")));
                if (connect) {
                    out.text("connect: " + connected);
                }
                out.text(ok ? "valid" : "invalid");
            }
            return ok ? ExitCodes.OK : ExitCodes.CONFIG;
        }
    }
}
