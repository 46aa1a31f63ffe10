package dev.wharf.compat.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/** A thread-safe record of what a consumer received, in the order it arrived. */
public final class Deliveries {

    private final List<Delivery> received = new ArrayList<>();

    public synchronized void add(MessageExt message) {
        received.add(Delivery.of(message));
    }

    public synchronized void addAll(List<MessageExt> messages) {
        messages.forEach(this::add);
    }

    public synchronized List<Delivery> snapshot() {
        return List.copyOf(received);
    }

    public List<Payload> payloads() {
        return snapshot().stream().map(Delivery::payload).toList();
    }

    /** Waits within {@link Waits#BOUND} until at least {@code count} messages arrived; returns all of them. */
    public List<Delivery> awaitAtLeast(int count, String alias) {
        Waits.atMostBound(alias).until(() -> snapshot().size() >= count);
        return snapshot();
    }

    /** The keys of every message received so far, redeliveries once. */
    public Set<String> keys() {
        return snapshot().stream().map(delivery -> delivery.payload().keys()).collect(Collectors.toSet());
    }

    /** Waits within {@link Waits#BOUND} until a message of every key of {@code expected} arrived. */
    public void awaitKeys(Collection<String> expected, String alias) {
        Waits.atMostBound(alias).untilAsserted(() -> assertThat(keys()).containsAll(expected));
    }

    /** A push listener that records every message and acknowledges it. */
    public MessageListenerConcurrently acknowledgingListener() {
        return (messages, context) -> {
            addAll(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }
}
