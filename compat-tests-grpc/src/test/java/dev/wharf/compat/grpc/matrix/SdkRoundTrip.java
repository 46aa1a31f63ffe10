package dev.wharf.compat.grpc.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.SdkConfiguration;
import dev.wharf.compat.grpc.support.SimpleReceiver;
import dev.wharf.compat.grpc.support.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * The official 5.x gRPC SDK: a {@link Producer} sends, a {@link SimpleConsumer} receives and acknowledges, both
 * with {@code enableSsl} as the case says. Routes name the endpoint the client used, so both stay on the case's
 * listener. Each client is closed before the case ends, so none outlives it.
 */
final class SdkRoundTrip implements RoundTrip {

    /** Bounds a refused send: the SDK's route query fails once its connection is closed, or at this deadline. */
    private static final Duration REFUSED_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** How long one receive call waits for a message when there is none yet. */
    private static final Duration AWAIT = Duration.ofSeconds(2);

    @Override
    public void sendAndReceive(Target target, String body) throws Exception {
        SdkConfiguration configuration = SdkConfiguration.of(target.address(), transport(target));
        String messageId;
        try (Producer producer = SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(configuration.build())
                .setTopics(target.topic())
                .build()) {
            messageId = producer.send(message(target, body)).getMessageId().toString();
        }
        try (SimpleConsumer consumer = SdkClients.PROVIDER.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration.build())
                .setConsumerGroup(target.group())
                .setSubscriptionExpressions(Map.of(target.topic(), FilterExpression.SUB_ALL))
                .setAwaitDuration(AWAIT)
                .build()) {
            List<Received> received = new SimpleReceiver(consumer).ackAtLeast(1, "the message back over gRPC");
            assertThat(received).singleElement().satisfies(message -> {
                assertThat(message.messageId()).isEqualTo(messageId);
                assertThat(StandardCharsets.UTF_8.decode(message.view().getBody()).toString()).isEqualTo(body);
            });
        }
    }

    @Override
    public void send(Target target, String body) throws Exception {
        SdkConfiguration configuration =
                new SdkConfiguration(target.address(), transport(target), REFUSED_REQUEST_TIMEOUT);
        try (Producer producer = SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(configuration.build())
                .build()) {
            producer.send(message(target, body));
        }
    }

    private static org.apache.rocketmq.client.apis.message.Message message(Target target, String body) {
        return SdkClients.PROVIDER.newMessageBuilder()
                .setTopic(target.topic())
                .setBody(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static Transport transport(Target target) {
        return target.tls() ? Transport.TLS : Transport.PLAINTEXT;
    }
}
