package dev.wharf.transport.tck;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes back to back on several chains of one connection: each chain sends its next message as soon as
 * the last one is answered, until told to stop or a publish fails. So whenever the server is stopped, every
 * running chain has a request in flight.
 */
final class PublishingChains {

    private final TckConnection connection;
    private final String topic;
    private final List<CompletableFuture<String>> sent = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    PublishingChains(TckConnection connection, String topic) {
        this.connection = connection;
        this.topic = topic;
    }

    /** Starts {@code chains} chains. */
    PublishingChains start(int chains) {
        for (int chain = 0; chain < chains; chain++) {
            next(chain);
        }
        return this;
    }

    /** No chain sends again; what is in flight stays in flight. */
    void stop() {
        stopping = true;
    }

    /** Every publish sent so far. */
    List<CompletableFuture<String>> sent() {
        return List.copyOf(sent);
    }

    /** How many publishes are not answered yet. */
    long open() {
        return sent.stream().filter(request -> !request.isDone()).count();
    }

    private void next(int chain) {
        if (stopping) {
            return;
        }
        byte[] body = ("chain " + chain + " message " + sent.size()).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<String> publish = connection.publish(topic, new TckMessage(body, Map.of()));
        sent.add(publish);
        publish.thenRun(() -> next(chain));
    }
}
