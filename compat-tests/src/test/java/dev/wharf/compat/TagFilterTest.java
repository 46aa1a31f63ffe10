package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.Waits;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A subscription expression of tags lets through exactly the messages carrying one of them. */
class TagFilterTest {

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aSubscriptionToTagAOrTagBReceivesOnlyMessagesTaggedTagAOrTagB() throws Exception {
        String topic = Names.unique("Tags");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        // Every queue gets its unwanted messages (TagC, and TagAB, which only starts like a wanted tag) before
        // the wanted ones, so an unwanted message that passed the filter would arrive before the last wanted one.
        for (int i = 0; i < 8; i++) {
            producer.send(Payload.named("TagC", "unwanted-" + i).toMessage(topic));
            producer.send(Payload.named("TagAB", "lookalike-" + i).toMessage(topic));
        }
        List<Payload> wanted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Payload payload = Payload.named(i % 2 == 0 ? "TagA" : "TagB", "wanted-" + i);
            producer.send(payload.toMessage(topic));
            wanted.add(payload);
        }

        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(server.nameServerAddress(), Names.unique("GID_tags"), topic, "TagA || TagB",
                deliveries.acknowledgingListener());

        Waits.atMostBound("every TagA and TagB message, nothing else")
                .untilAsserted(() -> assertThat(deliveries.payloads()).containsExactlyInAnyOrderElementsOf(wanted));
    }
}
