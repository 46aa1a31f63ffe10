package dev.wharf.compat.cluster;

import dev.wharf.compat.support.Waits;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Waits for the route a gateway hands out: a gateway caches routes for a while (and a NameServer learns a broker's
 * new topic a moment after the broker), so a test that needs a topic on given brokers waits until the gateway's own
 * route says so, as a client would see it.
 */
final class GatewayRoutes {

    private GatewayRoutes() {}

    /** Until the route of {@code topic} that {@code producer}'s gateway answers names exactly {@code brokers}. */
    static void awaitBrokers(DefaultMQProducer producer, String topic, Collection<String> brokers) {
        Set<String> expected = Set.copyOf(brokers);
        Waits.atMostBound("the gateway's route of " + topic + " names " + expected).ignoreExceptions().until(
                () -> producer.fetchPublishMessageQueues(topic).stream().map(MessageQueue::getBrokerName)
                        .collect(Collectors.toSet()).equals(expected));
    }
}
