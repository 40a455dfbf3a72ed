package io.glancestore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FolderSyncTest {

    @TempDir
    Path folder;

    @Test
    @Timeout(30)
    void addsThatLinkDuringASyncShareTheNextOneAndNoneReturnsBeforeASyncStartedAfterItsLink() throws Exception {
        CountDownLatch firstSyncRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstSync = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        FolderSync sync = new FolderSync(folder, () -> {
            if (syncs.incrementAndGet() == 1) {
                firstSyncRunning.countDown();
                await(releaseFirstSync);
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(11);
        CompletableFuture<Void> first = CompletableFuture.runAsync(sync::afterLink, threads);
        assertThat(firstSyncRunning.await(10, TimeUnit.SECONDS)).isTrue();
        // Ten adds link while the first sync runs: it does not cover them.
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(CompletableFuture.runAsync(sync::afterLink, threads));
        }
        while (sync.linked() < 11) {
            Thread.sleep(5);
        }
        assertThat(later).noneMatch(CompletableFuture::isDone);
        releaseFirstSync.countDown();
        first.get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(later.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        // ... and one more sync, started after all their links, covered all ten.
        assertThat(syncs.get()).isEqualTo(2);
        assertThat(sync.syncs()).isEqualTo(2);
        threads.shutdown();
    }

    @Test
    void aLoneAddSyncsTheRealFolderItself() {
        FolderSync sync = new FolderSync(folder);
        sync.afterLink();
        sync.afterLink();
        assertThat(sync.syncs()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
