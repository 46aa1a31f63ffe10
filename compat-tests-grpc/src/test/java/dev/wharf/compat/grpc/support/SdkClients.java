package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.SharedServer;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the official 5.x SDK's clients for a test, all pointed at one gRPC endpoint (the shared server's, or any
 * gateway's) over one {@link Transport}, and closes every one of them after the test, newest first: in the
 * background, awaited before the test class's run ends ({@link BackgroundCloses}).
 *
 * <pre>{@code
 * @RegisterExtension
 * final SdkClients clients;
 *
 * MyTest(Transport transport) {
 *     clients = new SdkClients(server, transport);
 * }
 *
 * Producer producer = clients.producer(topic);
 *
 * @RegisterExtension
 * final SdkClients throughGateway2 = SdkClients.at(() -> gateway2.grpcEndpoint(), Duration.ofSeconds(2));
 * }</pre>
 */
public final class SdkClients implements AfterEachCallback {

    /** The SDK's entry point, found through its ServiceLoader registration as an application would. */
    public static final ClientServiceProvider PROVIDER = ClientServiceProvider.loadService();

    /** How long a SimpleConsumer's receive waits for messages when there are none. */
    private static final Duration AWAIT_DURATION = Duration.ofSeconds(5);

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SdkClients.class);

    private final Supplier<String> endpoint;
    private final Transport transport;
    private final Duration awaitDuration;
    private final Deque<Closeable> clients = new ArrayDeque<>();

    private SdkClients(Supplier<String> endpoint, Transport transport, Duration awaitDuration) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.awaitDuration = awaitDuration;
    }

    public SdkClients(SharedServer server, Transport transport) {
        this(() -> server.server().grpcEndpoint(), transport, AWAIT_DURATION);
    }

    /**
     * Clients of the plaintext gRPC endpoint {@code endpoint} supplies (read when each client is made, so it may
     * name a server started later), whose simple consumers' receives wait {@code awaitDuration} when there are no
     * messages.
     */
    public static SdkClients at(Supplier<String> endpoint, Duration awaitDuration) {
        return new SdkClients(endpoint, Transport.PLAINTEXT, awaitDuration);
    }

    /** The configuration every client of this test gets; read once the server runs. */
    public SdkConfiguration configuration() {
        return SdkConfiguration.of(endpoint.get(), transport);
    }

    /** A started producer; {@code topics} are the ones it learns routes of at start-up (and heartbeats for). */
    public Producer producer(String... topics) throws ClientException {
        return managed(PROVIDER.newProducerBuilder()
                .setClientConfiguration(configuration().build())
                .setTopics(topics)
                .build());
    }

    /** A started producer of transactional messages to {@code topics}, whose checks {@code checker} answers. */
    public Producer transactionalProducer(TransactionChecker checker, String... topics) throws ClientException {
        return managed(PROVIDER.newProducerBuilder()
                .setClientConfiguration(configuration().build())
                .setTopics(topics)
                .setTransactionChecker(checker)
                .build());
    }

    /** A started simple consumer of {@code group}, subscribed to {@code topic} with {@code filter}. */
    public SimpleConsumer simpleConsumer(String group, String topic, FilterExpression filter) throws ClientException {
        return managed(PROVIDER.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration().build())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, filter))
                .setAwaitDuration(awaitDuration)
                .build());
    }

    /** A {@link SimpleReceiver} over a started simple consumer of {@code group} on every message of {@code topic}. */
    public SimpleReceiver simpleReceiver(String group, String topic) throws ClientException {
        return new SimpleReceiver(simpleConsumer(group, topic, FilterExpression.SUB_ALL));
    }

    /** A started push consumer of {@code group} on {@code topic} with {@code filter}, consuming with {@code listener}. */
    public PushConsumer pushConsumer(String group, String topic, FilterExpression filter, MessageListener listener)
            throws ClientException {
        return managed(PROVIDER.newPushConsumerBuilder()
                .setClientConfiguration(configuration().build())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, filter))
                .setMessageListener(listener)
                .build());
    }

    private synchronized <C extends Closeable> C managed(C client) {
        clients.push(client);
        return client;
    }

    /**
     * Hands this test's clients, newest first, to the {@link BackgroundCloses} of the test class's run, which
     * waits for them before the run ends.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        List<Closeable> newestFirst;
        synchronized (this) {
            newestFirst = List.copyOf(clients);
            clients.clear();
        }
        ExtensionContext run = context.getParent().orElseThrow();
        run.getStore(STORE).computeIfAbsent(BackgroundCloses.class).closeLater(newestFirst);
    }
}
