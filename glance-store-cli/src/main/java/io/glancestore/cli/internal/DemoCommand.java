package io.glancestore.cli.internal;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachingImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code demo}: put, get twice (cache miss then hit), compare checksums. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Stores a file, reads it back twice through the image cache (a miss, then a hit) and checks"
                + " that every copy has the same checksum. Exit 0 when everything matched, 4 otherwise.")
public final class DemoCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "any file, e.g. a VM image")
    Path file;

    @Override
    int run(Session s) throws IOException {
        Output out = s.out();
        ImageStore store = s.store(null);
        String id = UUID.randomUUID().toString();
        long size = Files.size(file);
        AddResult put;
        try (InputStream in = Files.newInputStream(file); ProgressBar bar = s.progress("put", size)) {
            put = store.add(id, in, size, AddOptions.builder().progressListener(bar).build());
        }
        out.text("put   " + file + " -> " + put.location() + " (" + put.size() + " bytes, md5 " + put.checksum() + ")");
        Path dir = s.global().dataDir().resolve("demo");
        Files.createDirectories(dir);
        ExpectedHashArguments expected = ExpectedHashArguments.parse(put.checksum(),
                put.hashAlgorithm() + ":" + put.multihash());
        Map<String, Object> first = GetCommand.fetch(s, put.location(), dir.resolve(id + ".1").toString(),
                expected, false);
        out.text("get   -> " + first.get("output") + " (cache " + first.get("cache") + ", md5 " + first.get("checksum") + ")");
        Map<String, Object> second = GetCommand.fetch(s, put.location(), dir.resolve(id + ".2").toString(),
                expected, false);
        out.text("get   -> " + second.get("output") + " (cache " + second.get("cache") + ", md5 " + second.get("checksum") + ")");
        boolean match = put.checksum().equals(first.get("checksum")) && put.checksum().equals(second.get("checksum"))
                && put.multihash().equals(first.get("os_hash_value")) && put.multihash().equals(second.get("os_hash_value"));
        CachingImageStore cache = s.cache(store).orElse(null);
        CacheStats stats = cache == null ? null : cache.stats();
        out.text("check checksums " + (match ? "match" : "DIFFER") + "; cache "
                + (stats == null ? "off" : stats.hits() + " hit(s), " + stats.cachedImages() + " image(s), "
                + stats.cachedBytes() + " bytes"));
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("put", PutCommand.describe(id, store.id(), put));
            m.put("gets", List.of(first, second));
            m.put("checksums_match", match);
            m.put("cache_hits", stats == null ? 0 : stats.hits());
            out.record(m);
        }
        return match && "hit".equals(second.get("cache")) ? ExitCodes.OK : ExitCodes.MISMATCH;
    }
}
