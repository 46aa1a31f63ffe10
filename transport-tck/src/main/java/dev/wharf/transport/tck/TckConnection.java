package dev.wharf.transport.tck;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One connection of the client under test to the server under test. Every method may be called from any
 * thread, concurrently: the correlation case sends many requests at once on one connection.
 *
 * <p>Every future must complete, with a result, a {@link TckRefusal} when the server answered an error, or any
 * other exception when the connection failed or the client's own timeout passed; the suite fails a case whose
 * futures are still open after its bound.
 *
 * <pre>{@code
 * try (TckConnection connection = client.connect(address, false)) {
 *     String id = connection.publish("orders", new TckMessage(body, Map.of("k", "v"))).get();
 *     try (TckSubscription s = connection.subscribe("orders", "billing", delivery -> connection.ack(...))) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public interface TckConnection extends AutoCloseable {

    /**
     * Publishes one message to {@code topic}.
     *
     * @return the message's id as the server answered it; the same id the subscriber's {@link TckDelivery}
     *     carries (without {@link TckClaims#messageIds()}: what the protocol answers a publish with)
     */
    CompletableFuture<String> publish(String topic, TckMessage message);

    /**
     * Starts receiving {@code topic}'s messages as consumer group {@code group}, from the first message the
     * topic holds (with {@link TckClaims#onlyNewMessages()}: from the first published after this returns, in a
     * group the protocol may choose itself), and hands each to {@code sink} (on any thread, one at a time). A protocol whose server
     * pushes ({@link TckClaims#serverPush()}) subscribes once; one whose client asks for messages (long polls,
     * pulls) keeps asking until the subscription is closed. Receiving failures that the protocol retries
     * (busy, timeouts) are retried; nothing is reported to the sink but messages.
     */
    TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink);

    /** Settles {@code delivery} of {@code group} on {@code topic}, so the group does not receive it again. */
    CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery);

    /** Closes the connection; open requests fail. Never throws. */
    @Override
    void close();
}
