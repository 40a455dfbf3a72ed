package io.glancestore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@link ConcurrentTransfers}; see {@link #usage()}.
 *
 * @param type the store type ({@code file}, {@code rbd}, {@code swift}, {@code vmware})
 * @param storeOptions the store's options, with Glance's names
 * @param work a scratch folder on the disk under test
 * @param sizes image sizes
 * @param concurrency numbers of operations at once
 * @param opsBytes bytes each cell moves at least (more operations for smaller images)
 * @param maxOps most operations per cell
 * @param maxStored most bytes a cell stores at once; larger cells run with smaller images
 * @param verifiedGets whether verified gets are measured too
 * @param limits whether the machine's limits are measured
 * @param cache the folder of a glance-cache that gets read through, or {@code null} for none
 * @param smallAddRounds rounds of each kind in the file store's comparison of small adds with
 *     durable publishes ({@link SmallAdds})
 */
record BenchmarkOptions(String type, Map<String, String> storeOptions, Path work, List<Long> sizes,
        List<Integer> concurrency, long opsBytes, int maxOps, long maxStored, boolean verifiedGets, boolean limits,
        Path cache, int smallAddRounds) {

    static String usage() {
        return String.join("\n",
                "usage: ConcurrentTransfers --store TYPE [options]",
                "  --store TYPE           file, rbd, swift or vmware",
                "  --option KEY=VALUE     a store option, with Glance's name (repeatable)",
                "  --options-file FILE    store options as KEY=VALUE lines (keeps secrets off the command line)",
                "  --work DIR             scratch folder on the disk under test (default target/bench-concurrency)",
                "  --sizes LIST           image sizes (default 64k,16m,1g)",
                "  --concurrency LIST     operations at once (default 1,4,16,64)",
                "  --ops-bytes SIZE       bytes each cell moves at least (default 1g)",
                "  --max-ops N            most operations per cell (default 2048)",
                "  --max-stored SIZE      most bytes stored at once; larger cells use smaller images (default 16g)",
                "  --no-verified-gets     skip the gets that verify md5 and the multihash",
                "  --no-limits            skip the machine's limits",
                "  --small-add-rounds N   rounds of 64 KiB adds against durable publishes, file store (default 9)",
                "  --cache DIR            read through a glance-cache in DIR (size limit: --max-stored): misses, then hits");
    }

    static BenchmarkOptions parse(String[] args) throws IOException {
        String type = null;
        Map<String, String> options = new LinkedHashMap<>();
        Path work = Path.of("target/bench-concurrency");
        List<Long> sizes = List.of(64L << 10, 16L << 20, 1L << 30);
        List<Integer> concurrency = List.of(1, 4, 16, 64);
        long opsBytes = 1L << 30;
        int maxOps = 2048;
        long maxStored = 16L << 30;
        boolean verified = true;
        boolean limits = true;
        Path cache = null;
        int smallAddRounds = 9;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--store" -> type = value(args, ++i, arg);
                case "--option" -> put(options, value(args, ++i, arg));
                case "--options-file" -> readOptionsFile(Path.of(value(args, ++i, arg)), options);
                case "--work" -> work = Path.of(value(args, ++i, arg));
                case "--sizes" -> sizes = split(value(args, ++i, arg)).stream().map(BenchmarkOptions::size).toList();
                case "--concurrency" -> concurrency = split(value(args, ++i, arg)).stream().map(Integer::valueOf).toList();
                case "--ops-bytes" -> opsBytes = size(value(args, ++i, arg));
                case "--max-ops" -> maxOps = Integer.parseInt(value(args, ++i, arg));
                case "--max-stored" -> maxStored = size(value(args, ++i, arg));
                case "--no-verified-gets" -> verified = false;
                case "--no-limits" -> limits = false;
                case "--small-add-rounds" -> smallAddRounds = Integer.parseInt(value(args, ++i, arg));
                case "--cache" -> cache = Path.of(value(args, ++i, arg)).toAbsolutePath();
                default -> throw usageError("unknown argument " + arg);
            }
        }
        if (type == null) {
            throw usageError("--store is required");
        }
        if (smallAddRounds < 1) {
            throw usageError("--small-add-rounds must be at least 1");
        }
        return new BenchmarkOptions(type, options, work.toAbsolutePath(), sizes, concurrency, opsBytes, maxOps,
                maxStored, verified, limits, cache, smallAddRounds);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw usageError(name + " needs a value");
        }
        return args[i];
    }

    /**
     * Reads store options from {@code KEY=VALUE} lines ({@code #} comments and blank lines
     * skipped), so that secrets stay off the command line.
     */
    static void readOptionsFile(Path file, Map<String, String> options) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                put(options, line.trim());
            }
        }
    }

    private static void put(Map<String, String> options, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw usageError("not KEY=VALUE: " + keyValue.replaceAll("=.*", "=..."));
        }
        options.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** {@code 64k}, {@code 16m}, {@code 1g} or bytes. */
    static long size(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }

    private static IllegalArgumentException usageError(String problem) {
        return new IllegalArgumentException(problem + "\n" + usage());
    }
}
