package io.glancestore.cli.internal;

import io.glancestore.ImageData;
import io.glancestore.glance.GlanceClient;
import io.glancestore.glance.GlanceImage;
import io.glancestore.glance.GlanceImageRead;
import io.glancestore.glance.GlanceImageReader;
import io.glancestore.glance.GlanceImageRegistrar;
import io.glancestore.glance.GlanceLocation;
import io.glancestore.glance.NewImage;
import io.glancestore.keystone.CloudConfig;
import io.glancestore.location.Locations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code glance}: works with a running Glance's image records. */
@Command(name = "glance", mixinStandardHelpOptions = true,
        description = "Works with a running OpenStack Glance: shows its image records, reads images straight from"
                + " the stores of --config verified against Glance's hashes, registers images added through this"
                + " SDK, and migrates a store's images moving Glance's locations along. Glance and its"
                + " authentication come from the OS_* variables and clouds.yaml (OS_CLOUD), as for the"
                + " openstack command; --glance overrides the endpoint.",
        subcommands = {GlanceCommand.Show.class, GlanceCommand.Get.class, GlanceCommand.Register.class,
            GlanceMigrateCommand.class})
public final class GlanceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a glance command is required");
    }

    /** Where Glance is; the rest comes from the OpenStack client configuration. */
    public static final class Connection {
        @Option(names = "--glance", scope = ScopeType.INHERIT, paramLabel = "URL",
                description = "Glance's URL (default: OS_ENDPOINT, the image endpoint override, or Keystone's catalog)")
        String endpoint;

        /**
         * A client of the Glance the options and environment name.
         *
         * @return the client
         */
        public GlanceClient client() {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (endpoint != null) {
                env.put("OS_ENDPOINT", endpoint);
            }
            return GlanceClient.builder().cloud(CloudConfig.fromEnvironment(env)).build();
        }
    }

    /** An image record as printed: locations masked, since some carry credentials. */
    static Map<String, Object> describe(GlanceImage image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", image.id());
        m.put("name", image.name());
        m.put("status", image.status());
        m.put("size", image.size());
        m.put("checksum", image.checksum());
        m.put("os_hash_algo", image.osHashAlgo());
        m.put("os_hash_value", image.osHashValue());
        m.put("stores", String.join(",", image.stores()));
        List<Map<String, Object>> locations = new ArrayList<>();
        for (GlanceLocation l : image.locations()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("url", Locations.mask(l.url()));
            lm.put("store", l.store().orElse(null));
            locations.add(lm);
        }
        m.put("locations", locations);
        return m;
    }

    /** {@code glance show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows an image record: status, size, Glance's checksum and os_hash, stores and locations.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection glance;

        @Parameters(index = "0", paramLabel = "IMAGE_ID", description = "the Glance image id")
        String imageId;

        @Override
        public Integer call() {
            try (GlanceClient client = glance.client()) {
                GlanceImage image = client.image(imageId);
                Output out = GlobalOptions.of(spec).results();
                Map<String, Object> m = describe(image);
                if (!out.json()) {
                    m.put("locations", image.locations().stream()
                            .map(l -> l.store().orElse("?") + " " + Locations.mask(l.url())).toList());
                }
                out.record(m);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code glance get}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Reads an image straight from a store of --config that holds one of its locations (Glance's"
                    + " order, or --prefer's), with no Glance in the data path, verified against Glance's checksum"
                    + " and os_hash; falls back to a verified download through Glance unless --no-fallback."
                    + " The stores' ids must be Glance's (the same glance-api.conf).")
    static final class Get extends GlanceSessionCommand {
        @Parameters(index = "0", paramLabel = "IMAGE_ID", description = "the Glance image id")
        String imageId;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "where to write the image (- for standard output)")
        String output;

        @Option(names = "--prefer", paramLabel = "STORE", split = ",",
                description = "store types or ids read first, in this order (like store_type_preference)")
        List<String> prefer = new ArrayList<>();

        @Option(names = "--no-fallback", description = "fail rather than download through Glance")
        boolean noFallback;

        @Override
        int run(Session s, GlanceClient client) {
            GlanceImageReader reader = GlanceImageReader.builder(client).stores(s.stores()).preference(prefer)
                    .fallbackToGlance(!noFallback).build();
            long n;
            String written;
            GlanceImage image;
            String from;
            try (ImageOutput target = ImageOutput.open(s, output, imageId)) {
                try (GlanceImageRead read = reader.open(imageId); ImageData data = read.data()) {
                    image = read.image();
                    from = read.viaGlance() ? "glance" : read.storeId().orElseThrow();
                    target.copy(data);
                } catch (IOException e) {
                    throw target.readFailed(e);
                }
                written = target.commit();
                n = target.bytes();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", image.id());
            m.put("read_from", from);
            m.put("output", written);
            m.put("size", n);
            m.put("checksum", image.checksum());
            m.put("os_hash_algo", image.osHashAlgo());
            m.put("os_hash_value", image.osHashValue());
            m.put("verified", true);
            ImageOutput.record(s, m);
            return ExitCodes.OK;
        }
    }

    /** {@code glance register}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Creates a Glance image record, adds the file's bytes to a store of --config under its id,"
                    + " and adds that location to the record with the md5 and os_hash computed on the way as"
                    + " validation data; Glance then serves it. Glance refuses file:// locations: for a file"
                    + " store, upload through Glance or let it copy the image (copy-image).")
    static final class Register extends GlanceSessionCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "the image file")
        Path file;

        @Option(names = "--store", required = true, paramLabel = "BACKEND",
                description = "the backend to add it to; its id must be Glance's id of that store")
        String store;

        @Option(names = "--name", paramLabel = "NAME", description = "the image's name (default: the file's)")
        String name;

        @Option(names = "--id", paramLabel = "IMAGE_ID", description = "the id to give it (default: Glance's choice)")
        String id;

        @Option(names = "--disk-format", paramLabel = "FORMAT", defaultValue = "raw",
                description = "default ${DEFAULT-VALUE}")
        String diskFormat;

        @Option(names = "--container-format", paramLabel = "FORMAT", defaultValue = "bare",
                description = "default ${DEFAULT-VALUE}")
        String containerFormat;

        @Override
        int run(Session s, GlanceClient client) {
            NewImage spec = NewImage.named(name != null ? name : String.valueOf(file.getFileName()))
                    .withFormats(diskFormat, containerFormat);
            if (id != null) {
                spec = spec.withId(id);
            }
            GlanceImage image;
            try (InputStream in = Files.newInputStream(file)) {
                image = GlanceImageRegistrar.create(client).register(spec, s.store(store), in, Files.size(file));
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "io_error", "reading " + Locations.printable(
                        file.toString()) + " failed: " + IoMessages.reason(e), e);
            }
            Map<String, Object> m = describe(image);
            if (!s.out().json()) {
                m.remove("locations");
            }
            s.out().record(m);
            return ExitCodes.OK;
        }
    }
}
