package dev.wharf.bench;

import java.util.concurrent.CompletableFuture;

/**
 * One started client instance that sends a run's messages, shared by all its sending threads as an application
 * shares its producer. {@link ProducerLoad} drives it the same way whatever the client.
 */
interface MessageSender extends AutoCloseable {

    /** Starts a client for a run; {@code body} is every message's body. */
    @FunctionalInterface
    interface Opener {
        MessageSender open(ProduceSettings settings, byte[] body) throws Exception;
    }

    /** Sends one message and returns once it is acknowledged as stored; throws otherwise. */
    void send() throws Exception;

    /** Sends one message; the future completes once it is acknowledged as stored, exceptionally otherwise. */
    CompletableFuture<Void> sendAsync();

    /** Shuts the client down. */
    @Override
    void close();
}
