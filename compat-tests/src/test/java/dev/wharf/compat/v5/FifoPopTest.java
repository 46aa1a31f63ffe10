package dev.wharf.compat.v5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.MessageGroups;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Topics;
import dev.wharf.compat.support.Waits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FIFO POP (POP_MESSAGE with {@code order=true}) through the official client's wire code: the 5.5.0 push
 * consumer has no POP mode for orderly listeners, so {@link PopClient} drives the requests. Several
 * workers pop concurrently and ack each message after a random delay; the server must not hand out a
 * queue's next messages while earlier ones are unacknowledged, so every message group keeps its order.
 */
class FifoPopTest {

    private static final List<String> MESSAGE_GROUPS = List.of("order-a", "order-b", "order-c");
    private static final int PER_GROUP = 200;
    private static final int WORKERS = 3;
    private static final int MAX_ACK_DELAY_MILLIS = 3;
    /** Far longer than any ack takes here: nothing may come back because it was slow. */
    private static final long INVISIBLE_MILLIS = 30_000;
    private static final long POLL_MILLIS = 500;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void concurrentFifoPopsWithRandomAckDelaysKeepEveryMessageGroupInSendOrder() throws Exception {
        String topic = Names.unique("FifoPop");
        String group = Names.unique("GID_fifo_pop");
        Topics.create(server.server(), topic, ServerSettings.QUEUES, "FIFO");
        MessageGroups.send(clients.startedProducer(server.nameServerAddress()), topic, MESSAGE_GROUPS, PER_GROUP);

        ConsumedInOrder consumed = new ConsumedInOrder();
        int expected = MESSAGE_GROUPS.size() * PER_GROUP;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try (PopClient pop = PopClient.start(server.nameServerAddress())) {
            List<CompletableFuture<Void>> running = IntStream.range(0, WORKERS)
                    .mapToObj(worker -> CompletableFuture.runAsync(() -> consume(pop, topic, group, consumed, done),
                            workers))
                    .toList();
            try {
                Waits.atMostBound(expected + " messages popped and acked")
                        .until(() -> consumed.count() >= expected || running.stream().anyMatch(f -> f.isDone()));
            } finally {
                done.set(true);
            }
            for (CompletableFuture<Void> worker : running) {
                worker.get(POLL_MILLIS * 20, TimeUnit.MILLISECONDS);
            }
        } finally {
            workers.shutdownNow();
        }

        for (String messageGroup : MESSAGE_GROUPS) {
            assertThat(consumed.sequences(messageGroup))
                    .as("sequence numbers of message group %s in the order they were consumed", messageGroup)
                    .containsExactlyElementsOf(IntStream.range(0, PER_GROUP).boxed().toList());
        }
        assertThat(consumed.reconsumed()).as("deliveries with a reconsume count").isZero();
    }

    /** One worker: pop a batch, consume each message in order (record, random delay, ack) until done. */
    private static void consume(PopClient pop, String topic, String group, ConsumedInOrder consumed,
            AtomicBoolean done) {
        try {
            while (!done.get()) {
                for (MessageExt message : pop.pop(topic, group, INVISIBLE_MILLIS, POLL_MILLIS, true)) {
                    consumed.add(message);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(MAX_ACK_DELAY_MILLIS + 1));
                    AckStatus status = pop.ack(message, group);
                    if (status != AckStatus.OK) {
                        throw new IllegalStateException("ack of " + message.getMsgId() + " answered " + status);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("FIFO pop worker failed", e);
        }
    }

    /** Sequence numbers per message group in consumption order; recorded before the ack that frees the queue. */
    private static final class ConsumedInOrder {

        private final Map<String, List<Integer>> sequences = new HashMap<>();
        private int reconsumed;

        synchronized void add(MessageExt message) {
            sequences.computeIfAbsent(MessageGroups.group(message), key -> new ArrayList<>())
                    .add(MessageGroups.sequence(message));
            if (message.getReconsumeTimes() > 0) {
                reconsumed++;
            }
        }

        synchronized int count() {
            return sequences.values().stream().mapToInt(List::size).sum();
        }

        synchronized List<Integer> sequences(String messageGroup) {
            return List.copyOf(sequences.getOrDefault(messageGroup, List.of()));
        }

        synchronized int reconsumed() {
            return reconsumed;
        }
    }
}
