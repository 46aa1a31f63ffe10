package dev.wharf.compat.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.FreshOnCluster;
import dev.wharf.compat.grpc.support.GroupedSends;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        String topic = FreshOnCluster.topic(backend.admin(), "FIFO");
        String group = FreshOnCluster.group(backend.admin(), topic, true);

        Map<String, List<String>> sent = GroupedSends.send(clients.producer(topic), topic, MESSAGES, 3);
        List<Received> received = clients.simpleReceiver(group, topic)
                .ackAtLeast(MESSAGES, "every FIFO message through wharf-c");

        assertThat(GroupedSends.byGroup(received)).isEqualTo(sent);
    }
}
