package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.EachTransport;
import dev.wharf.compat.grpc.support.Fresh;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FIFO end to end: messages of several message groups, interleaved, sent in order to a FIFO topic, come out of a
 * SimpleConsumer of a FIFO consumer group in send order per message group. The consumer acknowledges each
 * message as it gets it; the server hands out a group's next message only once the one before is acknowledged.
 */
@EachTransport
class FifoOrderTest {

    private static final List<String> MESSAGE_GROUPS = List.of("orders-a", "orders-b", "orders-c");
    private static final int PER_GROUP = 200;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final SdkClients clients;

    FifoOrderTest(Transport transport) {
        clients = new SdkClients(server, transport);
    }

    @Test
    void eachMessageGroupIsReceivedInSendOrder() throws Exception {
        String topic = Fresh.topic(server, "FIFO");
        Producer producer = clients.producer(topic);
        for (int sequence = 0; sequence < PER_GROUP; sequence++) {
            for (String group : MESSAGE_GROUPS) {
                producer.send(SdkClients.PROVIDER.newMessageBuilder()
                        .setTopic(topic)
                        .setTag("Fifo")
                        .setMessageGroup(group)
                        .setBody(Integer.toString(sequence).getBytes(StandardCharsets.UTF_8))
                        .build());
            }
        }

        List<Received> received = clients.simpleReceiver(Fresh.fifoGroup(server), topic)
                .ackAtLeast(MESSAGE_GROUPS.size() * PER_GROUP, "every message of every group");

        Map<String, List<Integer>> sequences = received.stream().collect(Collectors.groupingBy(
                message -> message.view().getMessageGroup().orElseThrow(),
                Collectors.mapping(message -> Integer.parseInt(Content.text(message.view().getBody())),
                        Collectors.toList())));
        List<Integer> sendOrder = IntStream.range(0, PER_GROUP).boxed().toList();
        assertThat(sequences).containsOnlyKeys(MESSAGE_GROUPS);
        sequences.forEach((group, order) -> assertThat(order).as("order of group %s", group).isEqualTo(sendOrder));
    }
}
