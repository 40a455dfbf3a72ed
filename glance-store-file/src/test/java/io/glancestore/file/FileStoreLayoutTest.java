package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.StoreRegistry;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk layout glance_store uses, and the basics of reading, deleting and configuring. */
class FileStoreLayoutTest {

    private static final String ID = "6c1b4e2a-8a4f-4d3b-9f0e-2d5b7c9e1a34";

    @TempDir
    Path tmp;

    @Test
    void imageIsTheFileNamedByItsIdAndTheLocationIsExactlyWhatGlanceStoreWrites() throws Exception {
        Path datadir = tmp.resolve("images");
        GeneratedImage image = GeneratedImage.of(1, 3_000_001);
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            AddResult added = store.add(ID, image.openStream(), image.size());

            assertThat(added.location()).isEqualTo("file://" + datadir + "/" + ID);
            assertThat(added.metadata()).isEmpty();
            assertThat(FolderContents.names(datadir)).containsExactly(ID);
            try (var in = Files.newInputStream(datadir.resolve(ID))) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
            assertThat(store.capabilities()).containsExactlyInAnyOrder(Capability.READ_ACCESS,
                    Capability.READ_OFFSET, Capability.READ_CHUNK, Capability.READ_RANDOM,
                    Capability.WRITE_ACCESS, Capability.DELETE_ACCESS, Capability.DRIVER_REUSABLE);
        }
    }

    @Test
    void folderIsMadeAbsoluteAndNormalisedAndCreatedWhenMissing() throws Exception {
        Path datadir = tmp.resolve("a/b/../c/");
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            AddResult added = store.add(ID, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
            assertThat(added.location()).isEqualTo("file://" + tmp.resolve("a/c") + "/" + ID);
            assertThat(store.datadirs()).containsExactly(tmp.resolve("a/c"));
        }
    }

    @Test
    void readsAnImageThatGlanceStoreWroteInPlaceAlsoInTheLegacyScheme() throws Exception {
        Path datadir = Files.createDirectories(tmp.resolve("images"));
        byte[] data = GeneratedImage.of(2, 100_000).toByteArray();
        Files.write(datadir.resolve(ID), data);
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            assertThat(store.size("file://" + datadir + "/" + ID)).isEqualTo(data.length);
            try (ImageData in = store.get("filesystem://" + datadir + "/" + ID)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void rangesAreServedExactly() throws Exception {
        GeneratedImage image = GeneratedImage.of(3, 1_000_000);
        try (FileStore store = FileStore.builder().datadir(tmp).chunkSize(4096).build()) {
            String location = store.add(ID, image.openStream(), image.size()).location();
            try (ImageData in = store.get(location, 123_457, 300_000)) {
                assertThat(in.readAllBytes()).isEqualTo(image.bytes(123_457, 300_000));
            }
            try (ImageData in = store.get(location, 999_990, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(image.bytes(999_990, 10));
            }
        }
    }

    @Test
    void transferToUsesTheTargetsChannelOrCopies() throws Exception {
        GeneratedImage image = GeneratedImage.of(4, 5_000_000);
        try (FileStore store = FileStore.builder().datadir(tmp.resolve("images")).build()) {
            String location = store.add(ID, image.openStream(), image.size()).location();

            Path copy = tmp.resolve("copy");
            try (ImageData in = store.get(location, 1000, 4_000_000);
                    FileOutputStream out = new FileOutputStream(copy.toFile())) {
                out.write('x');
                assertThat(in.transferTo(out)).isEqualTo(4_000_000);
            }
            byte[] copied = Files.readAllBytes(copy);
            assertThat(copied[0]).isEqualTo((byte) 'x');
            assertThat(ByteBuffer.wrap(copied, 1, 4_000_000)).isEqualTo(ByteBuffer.wrap(image.bytes(1000, 4_000_000)));

            ChannelOutputStream channelOut = new ChannelOutputStream();
            try (ImageData in = store.get(location)) {
                assertThat(in.transferTo(channelOut)).isEqualTo(image.size());
            }
            assertThat(channelOut.channelBytes).isEqualTo(image.size());
            assertThat(Digests.of(channelOut.bytes.toByteArray())).isEqualTo(image.digests());

            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try (ImageData in = store.get(location, 7, 70_000)) {
                assertThat(in.transferTo(plain)).isEqualTo(70_000);
            }
            assertThat(plain.toByteArray()).isEqualTo(image.bytes(7, 70_000));
        }
    }

    @Test
    void deleteRemovesTheFileAndMissingImagesAreNotFound() throws Exception {
        try (FileStore store = FileStore.builder().datadir(tmp).build()) {
            String location = store.add(ID, new ByteArrayInputStream(new byte[10]), 10).location();
            store.delete(location);
            assertThat(FolderContents.names(tmp)).isEmpty();
            assertThatThrownBy(() -> store.delete(location)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.get(location)).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aSymbolicLinkPlantedUnderTheIdIsADuplicateEvenWhenDangling() throws Exception {
        Path target = tmp.resolveSibling(tmp.getFileName() + "-outside");
        Path planted = Files.createSymbolicLink(tmp.resolve(ID), target);
        try (FileStore store = FileStore.builder().datadir(tmp).build()) {
            assertThatThrownBy(() -> store.add(ID, new ByteArrayInputStream(new byte[] {2, 2}), 2))
                    .isInstanceOf(DuplicateException.class);
            assertThat(FolderContents.names(tmp)).containsExactly(ID);
            assertThat(Files.isSymbolicLink(planted)).isTrue();
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void secondAddOfAnIdIsADuplicateAndLeavesTheFirstImageAlone() throws Exception {
        try (FileStore store = FileStore.builder().datadir(tmp).build()) {
            String location = store.add(ID, new ByteArrayInputStream(new byte[] {1}), 1).location();
            assertThatThrownBy(() -> store.add(ID, new ByteArrayInputStream(new byte[] {2, 2}), 2))
                    .isInstanceOf(DuplicateException.class);
            assertThat(FolderContents.names(tmp)).containsExactly(ID);
            try (ImageData in = store.get(location)) {
                assertThat(in.readAllBytes()).containsExactly(1);
            }
        }
    }

    @Test
    void withSeveralFoldersTheHighestPriorityWithRoomGetsTheImage() throws Exception {
        Path low = tmp.resolve("low");
        Path high = tmp.resolve("high");
        try (FileStore store = FileStore.builder().datadir(low, 1).datadir(high, 7).build()) {
            assertThat(store.add(ID, new ByteArrayInputStream(new byte[] {9}), 1).location())
                    .isEqualTo("file://" + high + "/" + ID);
            // No folder has room for a petabyte: refused before a byte is written.
            assertThatThrownBy(() -> store.add("huge", new ByteArrayInputStream(new byte[1]), 1L << 50))
                    .isInstanceOf(StorageFullException.class);
            assertThat(FolderContents.names(high)).containsExactly(ID);
            assertThat(FolderContents.names(low)).isEmpty();
            try (ImageData in = store.get("file://" + high + "/" + ID)) {
                assertThat(in.readAllBytes()).containsExactly(9);
            }
        }
    }

    @Test
    void datadirAndDatadirsTogetherAreRefusedAsGlanceStoreDoes() {
        assertThatThrownBy(() -> FileStore.builder().datadir(tmp.resolve("a")).datadir(tmp.resolve("b"), 1).build())
                .isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("filesystem_store_datadir")
                .hasMessageContaining("filesystem_store_datadirs");
    }

    @Test
    void badOptionValuesNameTheOption() {
        assertThatThrownBy(() -> FileStore.builder().datadir(tmp).option("filesystem_store_chunk_size", "0").build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("filesystem_store_chunk_size");
        assertThatThrownBy(() -> FileStore.builder().datadir(tmp).option("filesystem_thin_provisioning", "maybe")
                .build()).isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("filesystem_thin_provisioning");
        assertThatThrownBy(() -> FileStore.builder().datadir(tmp.resolve("a#b")).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("filesystem_store_datadir");
        assertThatThrownBy(() -> FileStore.builder().option("filesystem_store_datadirs", tmp + ":high").build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> FileStore.builder()
                .option("filesystem_store_datadirs", tmp.resolve("x") + ":1," + tmp.resolve("x") + ":2").build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("twice");
    }

    @Test
    void metadataFileGivesTheEntryWhoseMountpointHoldsTheImage() throws Exception {
        Path nfs1 = tmp.resolve("mnt/nfs1");
        Path nfs10 = tmp.resolve("mnt/nfs10");
        Path metadata = tmp.resolve("metadata.json");
        Files.writeString(metadata, "[{\"id\": \"share-1\", \"mountpoint\": \"" + nfs1 + "\"},\n"
                + " {\"id\": \"share-10\", \"mountpoint\": \"" + nfs10 + "\", \"note\": \"caf\\u00e9\"}]");
        try (FileStore store = FileStore.builder().datadir(nfs10.resolve("images")).metadataFile(metadata).build()) {
            AddResult added = store.add(ID, new ByteArrayInputStream(new byte[3]), 3);
            assertThat(added.metadata()).isEqualTo(Map.of("id", "share-10", "mountpoint", nfs10.toString(),
                    "note", "café"));
        }
        Files.writeString(metadata, "{\"id\": \"only\", \"mountpoint\": \"/somewhere/else\"}");
        try (FileStore store = FileStore.builder().datadir(tmp.resolve("other")).metadataFile(metadata).build()) {
            assertThat(store.add(ID, new ByteArrayInputStream(new byte[3]), 3).metadata()).isEmpty();
        }
    }

    @Test
    void invalidMetadataFileIsABadConfiguration() throws Exception {
        Path metadata = tmp.resolve("metadata.json");
        for (String bad : new String[] {"[{\"id\": \"x\"}]", "{\"id\": 1, \"mountpoint\": \"/m\"}", "[1]", "{", "\"x\""}) {
            Files.writeString(metadata, bad);
            assertThatThrownBy(() -> FileStore.builder().datadir(tmp.resolve("i")).metadataFile(metadata).build())
                    .as(bad).isInstanceOf(BadStoreConfigurationException.class)
                    .hasMessageContaining("filesystem_store_metadata_file");
        }
        // The value may be a secret put on the wrong line: the message names the option, not it.
        assertThatThrownBy(() -> FileStore.builder().datadir(tmp.resolve("i")).metadataFile(tmp.resolve("S3CRET"))
                .build()).isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("filesystem_store_metadata_file").hasMessageContaining("NoSuchFileException")
                .hasMessageNotContaining("S3CRET");
    }

    @Test
    void registryFindsTheFileTypeWithGlanceOptionNames() throws Exception {
        try (StoreRegistry stores = StoreRegistry.builder()
                .backend("fast", "file", Map.of("filesystem_store_datadir", tmp.toString())).build()) {
            ImageStore store = stores.store("fast");
            AddResult added = store.add(ID, new ByteArrayInputStream(new byte[] {5}), 1);
            assertThat(added.location()).isEqualTo("file://" + tmp + "/" + ID);
            assertThat(added.metadata()).containsEntry("store", "fast");
            assertThat(stores.storeFor(added.location())).isSameAs(store);
        }
    }

    /** An output stream that is also a channel, as some servers' response streams are. */
    private static final class ChannelOutputStream extends OutputStream implements WritableByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long channelBytes;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            bytes.write(b, 0, n);
            channelBytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
