package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.TimedDeliveries;
import dev.wharf.compat.support.TimedDelivery;
import dev.wharf.compat.support.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Classic delay levels ({@code Message.setDelayTimeLevel}) on a topic of message type DELAY: each message
 * reaches its consumers no earlier than its level's delay after it was sent, and not much later. The server
 * runs levels of 1 s, 2 s and 3 s.
 */
class DelayLevelTest {

    private static final List<String> LEVELS = List.of("1s", "2s", "3s");
    /** Generous, for a loaded machine: the broker itself is within milliseconds. */
    private static final long LATE_BOUND_MILLIS = 1_000;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults().withDelayLevels(LEVELS));

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void eachLevelIsDeliveredNoEarlierThanItsDelayAndPromptly() throws Exception {
        String topic = Names.unique("Delayed");
        Topics.create(server.server(), topic, ServerSettings.QUEUES, "DELAY");
        TimedDeliveries deliveries = new TimedDeliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_delay"), topic, "*",
                deliveries.acknowledgingListener());
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());

        for (int level = 1; level <= LEVELS.size(); level++) {
            Message message = Payload.named("TagA", "level-" + level).toMessage(topic);
            message.setDelayTimeLevel(level);
            assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }

        List<TimedDelivery> received = deliveries.awaitAtLeast(LEVELS.size(), "every delayed message received");
        assertThat(received).hasSize(LEVELS.size());
        for (TimedDelivery delivery : received) {
            MessageExt message = delivery.message();
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            long delay = 1_000L * Integer.parseInt(body.substring(body.lastIndexOf('-') + 1));
            delivery.assertDeliveredOnTime(message.getBornTimestamp() + delay, LATE_BOUND_MILLIS);
        }
    }
}
