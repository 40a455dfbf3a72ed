package io.glancestore.cache;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.file.FileStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A child process of {@link MultiProcessTest}: a cache on the shared folder in front of the
 * shared file store, doing one kind of work until a deadline. Prints {@code OK <n>} at the end,
 * or {@code FAIL <why>} and exits 1 at the first wrong byte or failed call.
 * Arguments: role (reader, maintenance, killed), cache folder, data folder, limit, seconds,
 * seed, then the images as {@code location,generatorSeed,size} each.
 */
public final class CacheWorker {

    private CacheWorker() {
    }

    record Image(String location, GeneratedImage image) {
    }

    /**
     * Runs the child.
     *
     * @param args see the class description
     * @throws Exception never on purpose: a failure is printed and exits 1
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        Path dir = Path.of(args[1]);
        Path datadir = Path.of(args[2]);
        long limit = Long.parseLong(args[3]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[5]));
        List<Image> images = Arrays.stream(args, 6, args.length).map(a -> {
            String[] f = a.split(",");
            return new Image(f[0], GeneratedImage.of(Long.parseLong(f[1]), Long.parseLong(f[2])));
        }).toList();
        CacheConfig config = CacheFixture.config(dir, limit).verifyHits(role.equals("reader") && random.nextBoolean())
                .build();
        int n = 0;
        try (CachingImageStore cache = CachingImageStore.open(FileStore.builder().datadir(datadir).build(), config)) {
            long deadline = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000;
            if (role.equals("killed")) {
                Image big = images.get(images.size() - 1);
                // A verifying reader tees: the fill is written from this process's reads.
                ImageData data = cache.get(big.location(), 0, -1,
                        ReadOptions.builder().expectedMd5(big.image().md5Hex()).build());
                data.readNBytes((int) (big.image().size() / 2));
                System.out.println("HALF");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            while (System.currentTimeMillis() < deadline) {
                Image img = images.get(random.nextInt(images.size()));
                if (role.equals("reader")) {
                    read(cache, img, random);
                } else {
                    maintain(cache, img, random, dir);
                }
                n++;
            }
            cache.flush();
        } catch (Throwable t) {
            System.out.println("FAIL " + role + " after " + n + " operations: " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.out.println("OK " + n + " " + role);
    }

    private static void read(CachingImageStore cache, Image img, SplittableRandom random) throws Exception {
        int kind = random.nextInt(10);
        if (kind < 4) {
            ReadOptions verified = ReadOptions.builder().expectedMd5(img.image().md5Hex())
                    .expectedMultihash("sha512", img.image().sha512Hex()).build();
            check(img, CacheFixture.read(cache, img.location(), verified));
        } else if (kind < 9) {
            check(img, CacheFixture.read(cache, img.location()));
        } else {
            long offset = random.nextLong(img.image().size());
            int length = (int) Math.min(4096, img.image().size() - offset);
            try (ImageData data = cache.get(img.location(), offset, length)) {
                if (!Arrays.equals(data.readAllBytes(), img.image().bytes(offset, length))) {
                    throw new AssertionError("wrong bytes in a range of " + img.location());
                }
            }
        }
    }

    private static void check(Image img, Digests got) {
        if (!got.equals(img.image().digests())) {
            throw new AssertionError("wrong bytes read of " + img.location());
        }
    }

    private static void maintain(CachingImageStore cache, Image img, SplittableRandom random, Path dir)
            throws Exception {
        switch (random.nextInt(8)) {
            case 0 -> cache.list();
            case 1 -> cache.prune();
            case 2 -> cache.clean();
            case 3 -> cache.stats();
            case 4 -> cache.verify();
            case 5 -> {
                cache.queue(img.location());
                cache.prefetch();
            }
            case 6 -> cache.deleteCachedImage(cache.location(img.location()).imageId());
            default -> Files.exists(dir);
        }
        Thread.sleep(20);
    }
}
