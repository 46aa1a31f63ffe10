package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ClusterGatewayScenarios} in front of a real Apache RocketMQ 5.5.0 NameServer and two Apache brokers; and the
 * gateways speak plain Remoting to those brokers after their refusal of Wharf's negotiation handshake.
 */
class ClusterGatewaysOnApacheBrokersTest extends ClusterGatewayScenarios {

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.APACHE_BROKERS);

    @Test
    void theGatewaySpeaksPlainRemotingToTheApacheBrokersAfterTheirRefusal() throws Exception {
        String topic = Names.unique("ClusterPlain");
        backend.admin().createTopic(topic, "NORMAL", 1);
        DefaultMQProducer producer = clients.startedProducer(gateway.nameServerAddress());
        // Any request for a broker makes the gateway connect to it.
        for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
            producer.send(new Message(topic, "hello".getBytes(StandardCharsets.UTF_8)), queue);
        }
        String log = Files.readString(gateway.logFile());
        for (String broker : backend.brokerAddresses().values()) {
            assertThat(log).as("the gateway's log").contains(broker + " does not negotiate (");
        }
    }
}
