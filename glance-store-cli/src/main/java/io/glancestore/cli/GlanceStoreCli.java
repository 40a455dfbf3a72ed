package io.glancestore.cli;

import io.glancestore.cli.internal.CacheCommand;
import io.glancestore.cli.internal.ConfigCommand;
import io.glancestore.cli.internal.CopyCommand;
import io.glancestore.cli.internal.DemoCommand;
import io.glancestore.cli.internal.ExitCodes;
import io.glancestore.cli.internal.GetCommand;
import io.glancestore.cli.internal.GlanceCommand;
import io.glancestore.cli.internal.GlobalOptions;
import io.glancestore.cli.internal.LsCommand;
import io.glancestore.cli.internal.MigrateCommand;
import io.glancestore.cli.internal.PutCommand;
import io.glancestore.cli.internal.RmCommand;
import io.glancestore.cli.internal.StatCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code glance-store} command: put, get, copy and migrate images between Glance stores,
 * manage the image cache, and check a {@code glance-api.conf} or Kolla {@code globals.yml}.
 * Run with {@code --help} for the commands; exit codes are listed there.
 */
@Command(name = "glance-store", mixinStandardHelpOptions = true, versionProvider = GlanceStoreCli.Version.class,
        description = "Stores, reads, copies and migrates VM images in OpenStack Glance stores.%n"
                + "Without --config it uses a file store and an image cache in a local folder"
                + " (--data-dir, $GLANCE_STORE_DATA, else ./glance-store-data).",
        subcommands = {PutCommand.class, GetCommand.class, RmCommand.class, StatCommand.class, LsCommand.class,
            CopyCommand.class, MigrateCommand.class, GlanceCommand.class, CacheCommand.class, ConfigCommand.class,
            DemoCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a store or I/O operation failed",
            "2:invalid command line (options, arguments, ids, locations, hashes)",
            "3:image not found",
            "4:checksum or verification mismatch",
            "5:bad configuration",
            "6:image id already exists",
            "7:some images of a copy or migration failed"})
public final class GlanceStoreCli implements Runnable {

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        GlobalOptions.configureLogging();
        CommandLine cli = new CommandLine(new GlanceStoreCli());
        cli.setExecutionExceptionHandler(ExitCodes::handle);
        cli.setParameterExceptionHandler(ExitCodes::handleParameterError);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Prints the version and the commit the jar was built from, as its manifest records them. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Attributes manifest = new Attributes();
            Path source = Path.of(URI.create(
                    GlanceStoreCli.class.getProtectionDomain().getCodeSource().getLocation().toString()));
            if (Files.isRegularFile(source)) {
                try (JarFile jar = new JarFile(source.toFile())) {
                    if (jar.getManifest() != null) {
                        manifest = jar.getManifest().getMainAttributes();
                    }
                }
            }
            String version = manifest.getValue("Implementation-Version");
            String commit = manifest.getValue("SCM-Revision");
            return new String[] {
                "glance-store " + (version != null ? version : "unknown version (not run from its jar)"),
                "commit " + (commit != null && !commit.equals("unknown") ? commit
                        : "unknown (not built from a git checkout)")};
        }
    }
}
