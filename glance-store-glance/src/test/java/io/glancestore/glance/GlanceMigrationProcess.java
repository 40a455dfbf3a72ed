package io.glancestore.glance;

import io.glancestore.StoreRegistry;
import io.glancestore.config.GlanceConfig;
import io.glancestore.copy.MigrationItem;
import io.glancestore.copy.MigrationReport;
import io.glancestore.copy.StoreMigration;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A Glance-aware migration in a JVM of its own, so that a test can SIGKILL it half-way:
 * {@code <glance url> <glance-api.conf> <journal> <ROLLING|LEGACY> <source> <target> <image id>...}.
 * Moves the given images (those still in the source store) and exits 0 when every one is moved.
 */
final class GlanceMigrationProcess {

    private GlanceMigrationProcess() {
    }

    public static void main(String[] args) {
        GlanceClient glance = GlanceClient.builder().endpoint(args[0]).trustedIdentity(GlanceServer.identity()).build();
        Set<String> ids = Set.copyOf(List.of(args).subList(6, args.length));
        try (StoreRegistry stores = GlanceConfig.fromGlanceApiConf(Path.of(args[1])).buildRegistry();
                GlanceMigration migration = GlanceMigration.builder(glance, stores.store(args[4]),
                        stores.store(args[5]), Path.of(args[2])).mode(StoreMigration.Mode.valueOf(args[3]))
                        .deleteSources(true).build()) {
            List<MigrationItem> items = migration.images().stream().filter(i -> ids.contains(i.imageId())).toList();
            System.out.println("moving " + items.size() + " images");
            MigrationReport report = migration.run(items);
            report.images().forEach(System.out::println);
            System.exit(report.complete() ? 0 : 1);
        }
    }
}
