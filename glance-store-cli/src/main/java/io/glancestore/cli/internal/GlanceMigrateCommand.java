package io.glancestore.cli.internal;

import io.glancestore.copy.MigrationItem;
import io.glancestore.copy.MigrationReport;
import io.glancestore.copy.StoreMigration;
import io.glancestore.glance.GlanceClient;
import io.glancestore.glance.GlanceMigration;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glance migrate}: moves a store's images to another, and Glance's locations with them. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Moves the images Glance has in one store into another while Glance serves them: per image,"
                + " copy and verify (or let Glance copy-image into a file store), add the new location to the"
                + " record, confirm Glance lists it, then with --delete-sources remove the old location (Glance"
                + " deletes the data behind it). Resumable: run it again with the same journal after an"
                + " interruption, even a SIGKILL. The backends of --config must have Glance's store ids.")
public final class GlanceMigrateCommand extends GlanceSessionCommand {

    @Mixin
    MigrationEnds ends;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "rolling",
            description = "rolling (Glance serves every image; one image at a time) or legacy (offline bulk: old"
                    + " locations are removed only once every image is registered); default ${DEFAULT-VALUE}")
    StoreMigration.Mode mode;

    @Option(names = "--delete-sources",
            description = "remove each old location, and so its data, once Glance lists the verified copy")
    boolean deleteSources;

    @Option(names = "--copy-method", paramLabel = "METHOD", defaultValue = "auto",
            description = "who copies: ${COMPLETION-CANDIDATES} (auto: Glance's copy-image for file targets, this"
                    + " SDK otherwise); default ${DEFAULT-VALUE}")
    GlanceMigration.CopyMethod copyMethod;

    @Parameters(paramLabel = "IMAGE_ID", arity = "0..*",
            description = "the images to move (default: every image Glance has in --from)")
    List<String> imageIds = List.of();

    @Override
    int run(Session s, GlanceClient client) {
        Path state = ends.journal(s, "glance-");
        Set<String> only = Set.copyOf(imageIds);
        MigrationReport report;
        try (GlanceMigration m = GlanceMigration.builder(client, s.store(ends.from), s.store(ends.to), state)
                .mode(mode).deleteSources(deleteSources).copyMethod(copyMethod).build()) {
            List<MigrationItem> items = m.images().stream()
                    .filter(i -> only.isEmpty() || only.contains(i.imageId())).toList();
            report = m.run(items);
        }
        return MigrateCommand.printReport(s, report, state);
    }
}
