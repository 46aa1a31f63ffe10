package dev.wharf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * Sends with the 5.x gRPC SDK, one {@link Producer} for the run. The SDK answers a send only once the server
 * stored the message (any other status becomes an exception), so a returned receipt is an acknowledgement.
 */
final class GrpcSender implements MessageSender {

    private final ClientServiceProvider provider;
    private final Producer producer;
    private final String topic;
    private final byte[] body;

    private GrpcSender(ClientServiceProvider provider, Producer producer, String topic, byte[] body) {
        this.provider = provider;
        this.producer = producer;
        this.topic = topic;
        this.body = body;
    }

    /** Starts the producer, its routes for the topic fetched up front; {@link MessageSender.Opener} for gRPC runs. */
    static MessageSender open(ProduceSettings settings, byte[] body) throws ClientException {
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        Producer producer = provider.newProducerBuilder()
                .setClientConfiguration(GrpcClients.configuration(settings.target(), settings.sendTimeout()))
                .setTopics(settings.target().topic())
                .build();
        return new GrpcSender(provider, producer, settings.target().topic(), body);
    }

    /** A new message per send, as an application builds one: the SDK gives each its own message id. */
    private Message message() {
        return provider.newMessageBuilder().setTopic(topic).setBody(body).build();
    }

    @Override
    public void send() throws ClientException {
        producer.send(message());
    }

    @Override
    public CompletableFuture<Void> sendAsync() {
        return producer.sendAsync(message()).thenApply(receipt -> null);
    }

    @Override
    public void close() {
        try {
            producer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
