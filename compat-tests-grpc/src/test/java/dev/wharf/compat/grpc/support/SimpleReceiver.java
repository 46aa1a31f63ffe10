package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * Drives a {@link SimpleConsumer}: receives (each call long-polls for the consumer's await duration) until what
 * arrived is enough, acknowledging every message or holding them invisible.
 */
public final class SimpleReceiver {

    /** Messages per receive call; the server's largest batch. */
    private static final int BATCH = 32;
    /** Invisible time of messages acknowledged at once: far longer than receiving and acking takes. */
    private static final Duration WHILE_ACKING = Duration.ofSeconds(60);

    private final SimpleConsumer consumer;

    public SimpleReceiver(SimpleConsumer consumer) {
        this.consumer = consumer;
    }

    /**
     * Receives, acknowledging each message as it arrives, until {@code enough} accepts what arrived within
     * {@link Waits#BOUND}.
     *
     * @return everything received, in arrival order
     */
    public List<Received> ackUntil(String alias, Predicate<List<Received>> enough) {
        return receiveUntil(WHILE_ACKING, true, alias, enough);
    }

    /** Receives and acknowledges until at least {@code count} messages arrived. */
    public List<Received> ackAtLeast(int count, String alias) {
        return ackUntil(alias, all -> all.size() >= count);
    }

    /**
     * Receives without acknowledging, each message invisible for {@code invisibleDuration}, until {@code enough}
     * accepts what arrived within {@link Waits#BOUND}.
     */
    public List<Received> holdUntil(Duration invisibleDuration, String alias, Predicate<List<Received>> enough) {
        return receiveUntil(invisibleDuration, false, alias, enough);
    }

    private List<Received> receiveUntil(Duration invisibleDuration, boolean ack, String alias,
            Predicate<List<Received>> enough) {
        List<Received> received = new CopyOnWriteArrayList<>();
        Waits.atMostBound(alias).until(() -> {
            long askedAt = System.currentTimeMillis();
            for (MessageView view : consumer.receive(BATCH, invisibleDuration)) {
                received.add(Received.askedAt(askedAt, view));
                if (ack) {
                    consumer.ack(view);
                }
            }
            return enough.test(received);
        });
        return List.copyOf(received);
    }

    /** Acknowledges {@code message}; the SDK throws when the server refuses. */
    public void ack(Received message) throws ClientException {
        consumer.ack(message.view());
    }

    public SimpleConsumer consumer() {
        return consumer;
    }
}
