package dev.wharf.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * Drains a topic with the 5.x SDK's {@link SimpleConsumer} as an application using it would: each of a few
 * receive calls in flight takes a batch, acknowledges every message of it, and only then receives again. Any
 * failed receive or ack ends the drain with that failure: a partial drain is no measurement.
 */
final class SimpleConsumerDrain {

    /** The most a receive may ask for: Apache's proxy caps a batch at 32. */
    private static final int BATCH = 32;
    /** Long enough that no message reappears before its ack, even on a loaded machine. */
    private static final Duration INVISIBLE = Duration.ofSeconds(30);
    /** How long an empty receive waits on the server: the tail of a drain ends well within it. */
    private static final Duration LONG_POLLING = Duration.ofSeconds(5);

    private final GrpcConsumeSettings settings;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Arrivals arrivals;

    SimpleConsumerDrain(GrpcConsumeSettings settings) {
        this.settings = settings;
    }

    /** Runs the drain to completion and summarises the measured window. */
    ConsumeReport run() throws ClientException, IOException, InterruptedException {
        arrivals = new Arrivals(settings.limits());
        SimpleConsumer consumer = ClientServiceProvider.loadService().newSimpleConsumerBuilder()
                .setClientConfiguration(GrpcClients.configuration(settings.target(), settings.requestTimeout()))
                .setConsumerGroup(settings.consumerGroup())
                .setSubscriptionExpressions(Map.of(settings.target().topic(), FilterExpression.SUB_ALL))
                .setAwaitDuration(LONG_POLLING)
                .build();
        Throwable failed;
        try {
            for (int i = 0; i < settings.threads(); i++) {
                receive(consumer);
            }
            arrivals.awaitOver(() -> failure.get() != null);
            // Calls still in flight fail once the consumer closes; only earlier failures count.
            failed = failure.get();
        } finally {
            consumer.close();
        }
        if (failed != null) {
            throw new IllegalStateException("SimpleConsumer drain failed", failed);
        }
        return new ConsumeReport(settings, arrivals.result());
    }

    /** One receive; once its batch is acknowledged, the next, until the drain is over. */
    private void receive(SimpleConsumer consumer) {
        if (arrivals.over() || failure.get() != null) {
            return;
        }
        consumer.receiveAsync(BATCH, INVISIBLE).whenComplete((messages, receiveFailure) -> {
            if (receiveFailure != null) {
                failure.compareAndSet(null, receiveFailure);
                return;
            }
            arrivals.record(messages, GrpcClients::bodyBytes, MessageView::getBornTimestamp);
            ackAll(consumer, messages).whenComplete((ignored, ackFailure) -> {
                if (ackFailure != null) {
                    failure.compareAndSet(null, ackFailure);
                } else {
                    receive(consumer);
                }
            });
        });
    }

    private static CompletableFuture<Void> ackAll(SimpleConsumer consumer, List<MessageView> messages) {
        return CompletableFuture.allOf(messages.stream().map(consumer::ackAsync).toArray(CompletableFuture[]::new));
    }
}
