package dev.wharf.compat.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Messages sent synchronously, one per key ({@code prefix-0}, {@code prefix-1}...), and which brokers took them:
 * how a test checks that a producer's queues span every broker of a cluster and that each key comes back.
 *
 * <pre>{@code
 * KeyedSends sent = KeyedSends.send(producer, topic, "key", 24);
 * assertThat(sent.brokers()).containsExactlyInAnyOrderElementsOf(backend.brokerNames());
 * deliveries.awaitKeys(sent.keys(), "every message consumed");
 * }</pre>
 *
 * @param keys the keys sent
 * @param brokers the names of the brokers whose queues took them
 */
public record KeyedSends(Set<String> keys, Set<String> brokers) {

    /**
     * Sends {@code count} messages with tag {@code TagA} to {@code topic}, each with a key of its own.
     *
     * @throws IllegalStateException when a send is not SEND_OK
     */
    public static KeyedSends send(DefaultMQProducer producer, String topic, String prefix, int count)
            throws Exception {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> brokers = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            SendResult result = producer.send(new Message(topic, "TagA", key,
                    ("message " + key).getBytes(StandardCharsets.UTF_8)));
            if (result.getSendStatus() != SendStatus.SEND_OK) {
                throw new IllegalStateException("message " + key + ": " + result);
            }
            keys.add(key);
            brokers.add(result.getMessageQueue().getBrokerName());
        }
        return new KeyedSends(Set.copyOf(keys), Set.copyOf(brokers));
    }
}
