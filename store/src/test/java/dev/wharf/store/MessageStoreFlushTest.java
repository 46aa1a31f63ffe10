package dev.wharf.store;

import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreFlushTest {

    @TempDir
    Path directory;

    @Test
    void syncPutCompletesAfterTheForceOffTheCallersThread() {
        try (DefaultMessageStore store = new DefaultMessageStore(
                smallConfig(directory).flushPolicy(FlushPolicy.SYNC).build())) {
            AtomicReference<String> completedOn = new AtomicReference<>();

            PutResult put = store.put(message("t", 0, "durable"))
                    .whenComplete((result, failure) -> completedOn.set(Thread.currentThread().getName()))
                    .join();

            assertThat(put.queueOffset()).isZero();
            assertThat(completedOn.get()).isIn("wharf-store-sync-ack", Thread.currentThread().getName());
            assertThat(store.get("t", 0, 0, 1, MessageFilter.ALL).status()).isEqualTo(GetResult.GetStatus.FOUND);
        }
    }

    @Test
    void syncPutsFromManyThreadsAllComplete() throws Exception {
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try (MessageStore store = MessageStore.open(smallConfig(directory).flushPolicy(FlushPolicy.SYNC).build())) {
            List<CompletableFuture<PutResult>> puts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = "m" + i;
                puts.add(CompletableFuture.supplyAsync(() -> store.put(message("t", 0, body)), producers)
                        .thenCompose(put -> put));
            }

            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();

            assertThat(puts).extracting(put -> put.join().queueOffset()).doesNotHaveDuplicates().hasSize(200);
        } finally {
            producers.shutdown();
        }
    }

    @Test
    void asyncFlusherWritesTheCheckpoint() throws Exception {
        try (MessageStore store = MessageStore.open(smallConfig(directory).build())) {
            long end = store.put(message("t", 0, "x")).join().commitLogOffset();

            await().until(() -> readCheckpoint().filter(c -> c.commitLogFlushedOffset() > end).isPresent());
        }
    }

    @Test
    void closeWritesACheckpointAtTheEnd() throws Exception {
        long end;
        try (MessageStore store = MessageStore.open(smallConfig(directory).build())) {
            PutResult put = store.put(message("t", 0, "x")).join();
            end = put.commitLogOffset() + store.lookup(put.commitLogOffset()).orElseThrow().length;
        }

        assertThat(readCheckpoint()).contains(new StoreCheckpoint(end, end));
        assertThat(Files.exists(directory.resolve("checkpoint.tmp"))).isFalse();
    }

    @Test
    void notifiesArrivalListenersOnTheAppendingThreadOnceReadable() {
        try (MessageStore store = MessageStore.open(smallConfig(directory).build())) {
            List<String> arrivals = new CopyOnWriteArrayList<>();
            store.addArrivalListener((topic, queueId, offset, tagsCode) -> arrivals.add(
                    topic + "/" + queueId + "@" + offset + "#" + tagsCode
                            + " " + store.get(topic, queueId, offset, 1, MessageFilter.ALL).status()
                            + " on " + Thread.currentThread().getName()));

            store.put(message("t", 1, "a", "TagA")).join();
            store.putBatch(List.of(message("t", 1, "b"), message("t", 1, "c"))).join();

            String me = Thread.currentThread().getName();
            assertThat(arrivals).containsExactly(
                    "t/1@0#" + "TagA".hashCode() + " FOUND on " + me,
                    "t/1@1#0 FOUND on " + me,
                    "t/1@2#0 FOUND on " + me);
        }
    }

    @Test
    void refusesPutsAfterClose() {
        MessageStore store = MessageStore.open(smallConfig(directory).build());
        store.close();

        assertThat(store.put(message("t", 0, "late"))).isCompletedExceptionally();
    }

    private Optional<StoreCheckpoint> readCheckpoint() throws Exception {
        return StoreCheckpoint.read(directory.resolve("checkpoint"));
    }
}
