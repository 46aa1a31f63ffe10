package dev.wharf.compat.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/** A thread-safe record of what a consumer received and when, in the order it arrived. */
public final class TimedDeliveries {

    private final List<TimedDelivery> received = new CopyOnWriteArrayList<>();

    /** Records a batch the listener got now: every message of it with the same arrival time. */
    public void addAll(List<MessageExt> messages) {
        long atMillis = System.currentTimeMillis();
        long nanos = System.nanoTime();
        messages.forEach(message -> received.add(new TimedDelivery(message, atMillis, nanos)));
    }

    /** Waits within {@link Waits#BOUND} until at least {@code count} messages arrived; returns all of them. */
    public List<TimedDelivery> awaitAtLeast(int count, String alias) {
        Waits.atMostBound(alias).until(() -> received.size() >= count);
        return List.copyOf(received);
    }

    /** A push listener that records every message with its arrival time and acknowledges it. */
    public MessageListenerConcurrently acknowledgingListener() {
        return (messages, context) -> {
            addAll(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }
}
