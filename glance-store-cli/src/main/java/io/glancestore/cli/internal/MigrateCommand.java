package io.glancestore.cli.internal;

import io.glancestore.ImageStore;
import io.glancestore.config.BackendConfig;
import io.glancestore.copy.MigrationItem;
import io.glancestore.copy.MigrationReport;
import io.glancestore.copy.StoreMigration;
import io.glancestore.location.Locations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code migrate}: moves every image of one backend into another, resumably. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copies every image of one backend into another and verifies each copy. Resumable: run it"
                + " again with the same journal after an interruption. Sources are deleted only with"
                + " --delete-sources, and only once their copy is verified (legacy mode: only if all made it).")
public final class MigrateCommand extends SessionCommand {

    @Mixin
    MigrationEnds ends;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "rolling",
            description = "rolling (both stores serve; per-image) or legacy (offline bulk copy); default ${DEFAULT-VALUE}")
    StoreMigration.Mode mode;

    @Option(names = "--delete-sources", description = "delete each source image once its copy is verified")
    boolean deleteSources;

    @Parameters(paramLabel = "LOCATION", arity = "0..*",
            description = "locations to migrate (default: every image of --from; file stores only)")
    List<String> locations = new ArrayList<>();

    @Override
    int run(Session s) {
        String from = ends.from;
        ImageStore source = s.store(from);
        ImageStore target = s.store(ends.to);
        List<MigrationItem> items = new ArrayList<>();
        if (locations.isEmpty()) {
            BackendConfig b = s.config().backend(from).orElseThrow();
            if (!FileListing.canList(b)) {
                throw new CliException(ExitCodes.USAGE, "backend '" + from + "' (" + b.type()
                        + ") cannot list its images: give their locations");
            }
            for (FileListing.Entry e : FileListing.list(b, source)) {
                if (e.addressable()) {
                    items.add(MigrationItem.of(e.location()));
                } else {
                    spec.commandLine().getErr().println("glance-store: warning: left out "
                            + Locations.printable(e.name()) + ": " + Locations.printable(e.reason()));
                }
            }
        } else {
            locations.forEach(l -> items.add(MigrationItem.of(l)));
        }
        Path state = ends.journal(s, "");
        MigrationReport report;
        try (StoreMigration m = StoreMigration.builder(source, target, state).mode(mode)
                .deleteSources(deleteSources).build()) {
            report = m.run(items);
        }
        return printReport(s, report, state);
    }

    /**
     * Prints a migration's report and returns the exit code it calls for.
     *
     * @param s the session
     * @param report the report
     * @param state the journal
     * @return {@link ExitCodes#OK} if every image made it, else {@link ExitCodes#PARTIAL}
     */
    static int printReport(Session s, MigrationReport report, Path state) {
        boolean catalog = report.images().stream().anyMatch(MigrationReport.ImageOutcome::registered);
        List<String> columns = catalog ? List.of("id", "status", "target", "registered", "source_deleted", "message")
                : List.of("id", "status", "target", "source_deleted", "message");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MigrationReport.ImageOutcome o : report.images()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", o.imageId());
            r.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
            r.put("source", Locations.mask(o.source()));
            r.put("target", o.target() == null ? "-" : Locations.mask(o.target()));
            r.put("source_deleted", o.sourceDeleted());
            r.put("registered", o.registered());
            r.put("message", o.message() == null ? "" : Locations.mask(o.message()));
            rows.add(r);
        }
        s.out().table(rows, columns);
        s.out().text(report.count(MigrationReport.Status.COPIED) + " copied, "
                + report.count(MigrationReport.Status.ALREADY_COPIED) + " already copied, "
                + report.count(MigrationReport.Status.FAILED) + " failed; journal " + state);
        return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
}
