package io.glancestore.cli.internal;

import io.glancestore.config.BackendConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ls}: lists the images of a store that can list (file stores). */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists the images of a store, with their sizes and locations, as stat sees them; entries of the"
                + " folders that the store cannot serve (symbolic links, folders, names that are no valid image id)"
                + " are listed with the reason instead of a location. Only file stores can list; other types fail"
                + " with exit code 1.")
public final class LsCommand extends SessionCommand {

    @Mixin
    BackendOption backend;

    @Override
    int run(Session s) {
        String id = backend.id(s);
        BackendConfig config = s.config().backend(id).orElseThrow(() ->
                new CliException(ExitCodes.CONFIG, "no backend '" + id + "' is configured"));
        if (!FileListing.canList(config)) {
            throw new CliException(ExitCodes.FAILED, "backend '" + id + "' is of type " + config.type()
                    + ", which cannot list its images");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FileListing.Entry e : FileListing.list(config, s.store(id))) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", e.name());
            r.put("size", e.size());
            r.put("location", e.location());
            r.put("addressable", e.addressable());
            r.put("reason", e.reason());
            rows.add(r);
        }
        s.out().table(rows, List.of("id", "size", "location", "reason"));
        return ExitCodes.OK;
    }
}
