package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message the listener keeps answering {@code RECONSUME_LATER} comes back through the group's retry
 * topic with a growing reconsume count, and after the consumer's maximum ends in {@code %DLQ%<group>}.
 * The server runs every delay level at 1 s, so the three deliveries take seconds.
 */
class RetryAndDeadLetterTest {

    private static final int MAX_RECONSUME_TIMES = 2;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aMessageReconsumedLaterIsRedeliveredUpToTheMaximumAndThenLandsInTheDeadLetterQueue() throws Exception {
        String topic = Names.unique("Retry");
        String group = Names.unique("GID_retry");
        Payload payload = Payload.named("TagA", "always-fails");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        SendResult sent = producer.send(payload.toMessage(topic));

        Deliveries attempts = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer(server.nameServerAddress(), group);
        consumer.setMaxReconsumeTimes(MAX_RECONSUME_TIMES);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            attempts.addAll(messages);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();

        List<Delivery> deadLetters = readDeadLetters(group);

        assertThat(deadLetters).extracting(Delivery::msgId).containsExactly(sent.getMsgId());
        assertThat(deadLetters).extracting(Delivery::topic).containsExactly("%DLQ%" + group);
        assertThat(deadLetters).extracting(Delivery::payload).containsExactly(payload);
        List<Delivery> delivered = attempts.snapshot();
        assertThat(delivered).extracting(Delivery::reconsumeTimes)
                .as("reconsume count of each delivery before the message was dead-lettered")
                .containsExactly(0, 1, 2);
        assertThat(delivered).extracting(Delivery::msgId).containsOnly(sent.getMsgId());
        assertThat(delivered).extracting(Delivery::topic).as("retries restore the original topic").containsOnly(topic);
        assertThat(delivered).extracting(Delivery::payload).containsOnly(payload);
    }

    /** Reads the group's dead-letter queue from its first offset, once it exists. */
    private List<Delivery> readDeadLetters(String group) throws Exception {
        String deadLetterTopic = "%DLQ%" + group;
        DefaultLitePullConsumer reader = clients.litePullConsumer(server.nameServerAddress(), Names.unique("GID_dlq"));
        LitePolling.startFromFirstOffsets(reader, deadLetterTopic);
        return LitePolling.pollAtLeast(reader, "the dead letter", 1);
    }
}
