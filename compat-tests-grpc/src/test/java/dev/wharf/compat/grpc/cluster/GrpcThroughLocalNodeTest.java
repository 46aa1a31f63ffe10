package dev.wharf.compat.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official 5.x gRPC SDK against a Local-mode node (wharf-c, {@code cluster.otherBrokers: forward}) for a FIFO
 * topic that lives only on the other nodes of its cluster (wharf-a and wharf-b, the Wharf brokers this JVM's tests
 * share), all registered with Apache RocketMQ 5.5.0's NameServer: the route wharf-c answers carries the topic's
 * real message type, so the SDK sends FIFO messages (it refuses them for a topic whose route has no type, "message
 * type is not specified") and receives them all.
 */
class GrpcThroughLocalNodeTest {

    private static final int MESSAGES = 12;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.WHARF_BROKERS);

    private static ClusterBackend backend;
    private static GatewayProcess forwarding;

    @RegisterExtension
    final SdkClients clients = SdkClients.at(() -> forwarding.grpcEndpoint(), Duration.ofSeconds(2));

    @BeforeAll
    static void start(ClusterBackend shared) {
        backend = shared;
        Path data = Path.of("target", "grpc-local-node-test", Long.toString(System.nanoTime()), "data");
        forwarding = GatewayProcess.launchRegistered("wharf-c", List.of(backend.nameServerAddress()), "forward",
                List.of(ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("grpc", "grpc")),
                data.toAbsolutePath(), "grpc-wharf-c");
    }

    /** wharf-c unregisters as it stops, so the shared cluster has its two brokers again. */
    @AfterAll
    static void stop() {
        if (forwarding != null) {
            forwarding.close();
        }
    }

    @Test
    void aFifoTopicOnlyOnTheOtherNodesIsSentToAndReceivedInOrderThroughThisOne() throws Exception {
        String topic = Names.unique("FifoOnlyOnOthers");
        String group = Names.unique("GID_local_node");
        backend.admin().createTopic(topic, "FIFO", 4);
        backend.admin().createGroup(group, true);
        backend.admin().consumeFromStart(group, topic);

        Producer producer = clients.producer(topic);
        List<String> sentOrder = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String messageGroup = "group-" + (i % 3);
            Content content = Content.named("TagA", messageGroup + "#" + i);
            producer.send(content.builder(topic).setMessageGroup(messageGroup).build());
            sentOrder.add(content.body());
        }
        List<Received> received = clients.simpleReceiver(group, topic)
                .ackAtLeast(MESSAGES, "every FIFO message through wharf-c");

        assertThat(byGroup(received.stream().map(r -> r.content().body()).toList())).isEqualTo(byGroup(sentOrder));
    }

    private static Map<String, List<String>> byGroup(List<String> bodies) {
        return bodies.stream().collect(Collectors.groupingBy(body -> body.substring(0, body.indexOf('#'))));
    }
}
