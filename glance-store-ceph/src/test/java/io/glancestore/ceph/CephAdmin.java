package io.glancestore.ceph;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import com.ceph.rbd.jna.RbdImageInfo;
import com.ceph.rbd.jna.RbdSnapInfo;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tests' own view of a pool, through rados-java directly rather than through the driver:
 * what images, snapshots and objects exist, and cleaning up between tests. Not thread-safe.
 */
final class CephAdmin implements AutoCloseable {

    private final Rados rados;
    private final IoCTX io;
    private final Rbd rbd;

    CephAdmin(CephCluster cluster, String pool) {
        try {
            rados = new Rados(cluster.user());
            rados.confReadFile(cluster.conf().toFile());
            rados.connect();
            io = rados.ioCtxCreate(pool);
            rbd = new Rbd(io);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the images in the pool. */
    List<String> images() {
        try {
            return Arrays.stream(rbd.list()).filter(s -> !s.isEmpty()).sorted().toList();
        } catch (RbdException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of an image's snapshots. */
    List<String> snapshots(String image) {
        return withImage(image, img -> img.snapList().stream().map(s -> s.name).toList());
    }

    /** Whether a snapshot of an image is protected. */
    boolean isProtected(String image, String snapshot) {
        return withImage(image, img -> img.snapIsProtected(snapshot));
    }

    /** stat() of the image: size, object size, order, block name prefix. */
    RbdImageInfo stat(String image) {
        return withImage(image, RbdImage::stat);
    }

    /** The prefix of the RADOS objects holding the image's data, e.g. {@code rbd_data.1234}. */
    String dataPrefix(String image) {
        return Native.toString(stat(image).block_name_prefix);
    }

    /** Names of the RADOS objects holding data of the image. */
    List<String> dataObjects(String image) {
        String prefix = dataPrefix(image) + ".";
        try {
            return Arrays.stream(io.listObjects()).filter(o -> o.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clones {@code image@snapshot} to {@code child} in the same pool, with layering only. */
    void cloneSnapshot(String image, String snapshot, String child) {
        try {
            rbd.clone(image, snapshot, io, child, 1, 0);
        } catch (RbdException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a snapshot of an image. */
    void createSnapshot(String image, String snapshot) {
        withImage(image, img -> {
            img.snapCreate(snapshot);
            return null;
        });
    }

    /** Removes an image with every snapshot; clones first, so their parents can go. */
    void removeAll() {
        List<String> remaining = new ArrayList<>(images());
        for (int pass = 0; pass < 3 && !remaining.isEmpty(); pass++) {
            List<String> failed = new ArrayList<>();
            for (String image : remaining) {
                try {
                    remove(image);
                } catch (RbdException e) {
                    failed.add(image);
                }
            }
            remaining = failed;
        }
        if (!remaining.isEmpty()) {
            throw new IllegalStateException("could not remove images " + remaining);
        }
    }

    void remove(String image) throws RbdException {
        RbdImage img = rbd.open(image);
        try {
            for (RbdSnapInfo snap : img.snapList()) {
                if (img.snapIsProtected(snap.name)) {
                    img.snapUnprotect(snap.name);
                }
                img.snapRemove(snap.name);
            }
        } finally {
            rbd.close(img);
        }
        rbd.remove(image);
    }

    private <T> T withImage(String image, ImageFunction<T> f) {
        try {
            RbdImage img = rbd.open(image);
            try {
                return f.apply(img);
            } finally {
                rbd.close(img);
            }
        } catch (RbdException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        rados.ioCtxDestroy(io);
        rados.shutDown();
    }

    private interface ImageFunction<T> {
        T apply(RbdImage image) throws RbdException;
    }
}
