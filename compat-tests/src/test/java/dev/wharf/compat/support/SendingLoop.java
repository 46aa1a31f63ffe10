package dev.wharf.compat.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * A producer sending keyed messages ({@code key-0}, {@code key-1}...) on a thread of its own, one about every
 * {@value #PACE_MILLIS} ms, until {@link #close() closed}, while a test breaks something under it (kills a broker,
 * restarts a gateway): a send that fails is counted and the loop goes on, a send that is acknowledged is recorded
 * with the broker that took it. What was acknowledged must then all be consumed.
 *
 * <pre>{@code
 * try (SendingLoop sending = SendingLoop.start(producer, topic)) {
 *     sending.awaitAcknowledged(50);
 *     gateway = gateway.restart("MyTest-restarted");
 *     sending.awaitAcknowledged(sending.acknowledged().size() + 50);
 * }
 * deliveries.awaitKeys(sending.acknowledged().keySet(), "every acknowledged message consumed");
 * }</pre>
 */
public final class SendingLoop implements AutoCloseable {

    /** Pacing, so that a break of a few seconds falls between a few hundred sends rather than thousands. */
    private static final long PACE_MILLIS = 10;

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> running;

    private SendingLoop(DefaultMQProducer producer, String topic) {
        running = CompletableFuture.runAsync(() -> sendUntilStopped(producer, topic));
    }

    /** Starts sending to {@code topic} with {@code producer}, a started one. */
    public static SendingLoop start(DefaultMQProducer producer, String topic) {
        return new SendingLoop(producer, topic);
    }

    private void sendUntilStopped(DefaultMQProducer producer, String topic) {
        for (int i = 0; !stopped.get(); i++) {
            String key = "key-" + i;
            try {
                SendResult result = producer.send(new Message(topic, "TagA", key, key.getBytes(StandardCharsets.UTF_8)));
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    acknowledged.put(key, result.getMessageQueue().getBrokerName());
                } else {
                    failed.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS));
        }
    }

    /** Waits within {@link Waits#BOUND} until at least {@code count} sends were acknowledged. */
    public void awaitAcknowledged(int count) {
        Waits.atMostBound(count + " acknowledged sends")
                .until(() -> acknowledged.size() >= count);
    }

    /** Key to the broker that acknowledged it, so far. */
    public Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** How many sends failed (refused, timed out, unreachable) so far. */
    public int failed() {
        return failed.get();
    }

    /** Stops sending and waits for the send under way. */
    @Override
    public void close() throws Exception {
        stopped.set(true);
        running.get(Waits.BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
}
