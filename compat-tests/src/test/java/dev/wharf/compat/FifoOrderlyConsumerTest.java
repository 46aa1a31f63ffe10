package dev.wharf.compat;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An orderly push consumer ({@link MessageListenerOrderly}) on a topic created as FIFO: the producer picks
 * each message's queue by the hash of its message group, and every group is consumed in send order even
 * though the listener takes a random time per message and now and then answers
 * {@code SUSPEND_CURRENT_QUEUE_A_MOMENT}, which hands the same message back after a short pause.
 */
class FifoOrderlyConsumerTest {

    private static final List<String> MESSAGE_GROUPS = List.of("order-a", "order-b", "order-c");
    private static final int PER_GROUP = 200;
    /** Share of first deliveries the listener suspends; 5 % of 600 is about 30 pauses. */
    private static final double SUSPEND_SHARE = 0.05;
    private static final long SUSPEND_MILLIS = 50;
    private static final int MAX_PROCESSING_MILLIS = 3;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void everyMessageGroupIsConsumedInSendOrderDespiteRandomDelaysAndSuspensions() throws Exception {
        String topic = Names.unique("Fifo");
        Topics.create(server.server(), topic, ServerSettings.QUEUES, "FIFO");
        MessageGroups.send(clients.startedProducer(server.nameServerAddress()), topic, MESSAGE_GROUPS, PER_GROUP);

        OrderedRecord record = new OrderedRecord();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_fifo"), topic, "*", record);

        int expected = MESSAGE_GROUPS.size() * PER_GROUP;
        Waits.atMostBound(expected + " messages consumed in order").until(() -> record.consumedCount() >= expected);
        assertThat(record.suspensions()).as("suspensions answered (the test must exercise them)").isPositive();
        for (String group : MESSAGE_GROUPS) {
            assertThat(record.consumed(group))
                    .as("sequence numbers of message group %s in the order they were consumed", group)
                    .containsExactlyElementsOf(IntStream.range(0, PER_GROUP).boxed().toList());
            assertThat(record.queues(group)).as("queues message group %s was read from", group).hasSize(1);
        }
    }

    /** The listener: random processing time, an occasional suspension, and what it consumed per group. */
    private static final class OrderedRecord implements MessageListenerOrderly {

        private final Map<String, List<Integer>> consumed = new HashMap<>();
        private final Map<String, Set<Integer>> queues = new HashMap<>();
        private final AtomicInteger suspensions = new AtomicInteger();

        @Override
        public ConsumeOrderlyStatus consumeMessage(List<MessageExt> messages, ConsumeOrderlyContext context) {
            context.setSuspendCurrentQueueTimeMillis(SUSPEND_MILLIS);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            pause(random.nextInt(MAX_PROCESSING_MILLIS + 1));
            // Only first deliveries are suspended, so every message is eventually consumed.
            boolean firstDelivery = messages.stream().allMatch(message -> message.getReconsumeTimes() == 0);
            if (firstDelivery && random.nextDouble() < SUSPEND_SHARE) {
                suspensions.incrementAndGet();
                return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
            }
            synchronized (this) {
                for (MessageExt message : messages) {
                    consumed.computeIfAbsent(MessageGroups.group(message), group -> new ArrayList<>())
                            .add(MessageGroups.sequence(message));
                    queues.computeIfAbsent(MessageGroups.group(message), group -> new HashSet<>())
                            .add(message.getQueueId());
                }
            }
            return ConsumeOrderlyStatus.SUCCESS;
        }

        synchronized int consumedCount() {
            return consumed.values().stream().mapToInt(List::size).sum();
        }

        synchronized List<Integer> consumed(String group) {
            return List.copyOf(consumed.getOrDefault(group, List.of()));
        }

        synchronized Set<Integer> queues(String group) {
            return Set.copyOf(queues.getOrDefault(group, Set.of()));
        }

        int suspensions() {
            return suspensions.get();
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
