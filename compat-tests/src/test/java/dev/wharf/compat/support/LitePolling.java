package dev.wharf.compat.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Drives a {@link DefaultLitePullConsumer}: starts it on every queue of a topic from offset 0, and polls until
 * what it received is enough (a count, given messages, the end of every queue).
 */
public final class LitePolling {

    private static final long POLL_MILLIS = 200;

    private LitePolling() {}

    /**
     * Polls within {@link Waits#BOUND} until {@code enough} accepts everything received so far.
     *
     * @return everything received, in arrival order
     */
    public static List<Delivery> pollUntil(DefaultLitePullConsumer consumer, String alias,
            Predicate<List<Delivery>> enough) {
        return pollOnUntil(consumer, alias, new CopyOnWriteArrayList<>(), enough);
    }

    /** Polls until at least {@code count} messages arrived. */
    public static List<Delivery> pollAtLeast(DefaultLitePullConsumer consumer, String alias, int count) {
        return pollUntil(consumer, alias, received -> received.size() >= count);
    }

    /**
     * Polls until every message of {@code msgIds} arrived; when one never does, fails naming it.
     *
     * @return everything received, in arrival order
     */
    public static List<Delivery> pollUntilRead(DefaultLitePullConsumer consumer, String alias,
            Collection<String> msgIds) {
        List<Delivery> read = new CopyOnWriteArrayList<>();
        try {
            return pollOnUntil(consumer, alias, read, received -> received.stream().map(Delivery::msgId)
                    .collect(Collectors.toSet()).containsAll(msgIds));
        } catch (ConditionTimeoutException e) {
            assertThat(read).extracting(Delivery::msgId).as(alias).containsAll(msgIds);
            return List.copyOf(read);
        }
    }

    /**
     * Starts {@code reader}, a consumer not started yet, without committing offsets, on every queue of
     * {@code topic} from offset 0. Waits within {@link Waits#BOUND} for the topic's route.
     *
     * @return the queues it reads
     */
    public static Collection<MessageQueue> startFromFirstOffsets(DefaultLitePullConsumer reader, String topic)
            throws MQClientException {
        return startFromFirstOffsets(reader, topic, Waits.BOUND);
    }

    /** {@link #startFromFirstOffsets(DefaultLitePullConsumer, String)}, waiting up to {@code bound} for the topic. */
    public static Collection<MessageQueue> startFromFirstOffsets(DefaultLitePullConsumer reader, String topic,
            Duration bound) throws MQClientException {
        reader.setAutoCommit(false);
        reader.start();
        Collection<MessageQueue> queues = Waits.atMostBound(topic + " created")
                .atMost(bound)
                .ignoreExceptions()
                .until(() -> reader.fetchMessageQueues(topic), found -> !found.isEmpty());
        reader.assign(queues);
        for (MessageQueue queue : queues) {
            // A server restarted on the same port can leave the client a connection it has not seen close yet;
            // the failed request makes it drop that connection, so a second try goes over a new one.
            Waits.atMostBound("seek " + queue).atMost(bound).ignoreExceptions()
                    .untilAsserted(() -> reader.seek(queue, 0));
        }
        return queues;
    }

    /**
     * Polls {@code reader} (started by {@link #startFromFirstOffsets}) until each of {@code queues} was read to
     * the end the server reports for it now, counting what {@code earlier} polls read.
     *
     * @param offsets a started producer, to ask each queue's end
     * @return {@code earlier} and everything received since, in arrival order
     */
    public static List<Delivery> pollToEnds(DefaultLitePullConsumer reader, Collection<MessageQueue> queues,
            DefaultMQProducer offsets, List<Delivery> earlier) throws MQClientException {
        Map<Integer, Long> ends = new HashMap<>();
        for (MessageQueue queue : queues) {
            ends.put(queue.getQueueId(), offsets.maxOffset(queue));
        }
        return pollOnUntil(reader, "every queue read to its end " + ends, new CopyOnWriteArrayList<>(earlier),
                received -> ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || received.stream()
                        .anyMatch(delivery -> delivery.queueId() == end.getKey()
                                && delivery.queueOffset() == end.getValue() - 1)));
    }

    /** Every message of every queue of {@code topic}, from offset 0 to the end each queue has now. */
    public static List<Delivery> readWholeTopic(Clients clients, String nameServer, String topic)
            throws MQClientException {
        DefaultLitePullConsumer reader = clients.litePullConsumer(nameServer, Names.unique("GID_read"));
        Collection<MessageQueue> queues = startFromFirstOffsets(reader, topic);
        return pollToEnds(reader, queues, clients.startedProducer(nameServer), List.of());
    }

    /** Adds what polls return to {@code read} until {@code enough} accepts it (no poll if it already does). */
    private static List<Delivery> pollOnUntil(DefaultLitePullConsumer consumer, String alias, List<Delivery> read,
            Predicate<List<Delivery>> enough) {
        if (!enough.test(read)) {
            Waits.atMostBound(alias).until(() -> {
                consumer.poll(POLL_MILLIS).forEach(message -> read.add(Delivery.of(message)));
                return enough.test(read);
            });
        }
        return List.copyOf(read);
    }
}
