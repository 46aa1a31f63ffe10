package dev.wharf.store;

import static dev.wharf.store.StoreFixtures.decode;
import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.message.StoredMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreConcurrencyTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 500;
    private static final int QUEUES = 3;

    @TempDir
    Path directory;

    @Test
    void concurrentPutsGetDenseUniqueQueueOffsetsWhileReadersFollow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + QUEUES);
        try (MessageStore store = MessageStore.open(smallConfig(directory).build())) {
            AtomicBoolean producing = new AtomicBoolean(true);
            List<Future<List<PutResult>>> producers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                producers.add(pool.submit(() -> produce(store, thread)));
            }
            List<Future<Long>> readers = new ArrayList<>();
            for (int q = 0; q < QUEUES; q++) {
                readers.add(pool.submit(follow(store, q, producing)));
            }

            Map<Integer, List<Long>> offsetsByQueue = new HashMap<>();
            for (Future<List<PutResult>> producer : producers) {
                for (PutResult put : producer.get()) {
                    StoredMessage stored = store.lookupMessage(put.commitLogOffset()).orElseThrow();
                    assertThat(stored.queueOffset()).isEqualTo(put.queueOffset());
                    offsetsByQueue.computeIfAbsent(stored.queueId(), q -> new ArrayList<>()).add(put.queueOffset());
                }
            }
            producing.set(false);

            for (int q = 0; q < QUEUES; q++) {
                List<Long> offsets = offsetsByQueue.get(q);
                assertThat(offsets).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, offsets.size()).boxed().toList());
                assertThat(store.maxOffset("t", q)).isEqualTo(offsets.size());
                assertThat(readers.get(q).get()).as("messages a reader of queue %d saw in order", q)
                        .isEqualTo(offsets.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<PutResult> produce(MessageStore store, int thread) {
        List<PutResult> puts = new ArrayList<>();
        for (int i = 0; i < PER_THREAD; i++) {
            puts.add(store.put(message("t", (thread + i) % QUEUES, "p" + thread + "-" + i)).join());
        }
        return puts;
    }

    /** Reads a queue while it grows; checks every message arrives once, in offset order. */
    private static Callable<Long> follow(MessageStore store, int queueId, AtomicBoolean producing) {
        return () -> {
            long next = 0;
            while (producing.get() || next < store.maxOffset("t", queueId)) {
                GetResult result = store.get("t", queueId, next, 32, MessageFilter.ALL);
                for (StoredMessage message : decode(result)) {
                    assertThat(message.queueOffset()).isEqualTo(next);
                    assertThat(message.bodyCrcMatches()).isTrue();
                    next++;
                }
                assertThat(result.nextBeginOffset()).isEqualTo(next);
                Thread.onSpinWait();
            }
            return next;
        };
    }
}
