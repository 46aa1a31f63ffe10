package dev.wharf.compat.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.grpc.support.SdkConfiguration;
import dev.wharf.compat.grpc.support.SimpleReceiver;
import dev.wharf.compat.grpc.support.Transport;
import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.SubscriptionGroups;
import dev.wharf.compat.support.Topics;
import dev.wharf.compat.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official 5.x gRPC SDK against a Local-mode node (wharf-a, {@code cluster.otherBrokers: forward}) for a FIFO
 * topic that lives only on the other node of its cluster (wharf-b), both registered with Apache RocketMQ 5.5.0's
 * NameServer: the route wharf-a answers carries the topic's real message type, so the SDK sends FIFO messages
 * (it refuses them for a topic whose route has no type, "message type is not specified") and receives them all.
 */
class GrpcThroughLocalNodeTest {

    private static final int MESSAGES = 12;

    private static ApacheRocketMqCluster nameServer;
    private static GatewayProcess forwarding;
    private static GatewayProcess other;

    @BeforeAll
    static void start() {
        Path work = Path.of("target", "grpc-local-node-test", Long.toString(System.nanoTime())).toAbsolutePath();
        nameServer = ApacheRocketMqCluster.start(work.resolve("apache"), "grpc-local-nodes", 0);
        List<String> nameServers = List.of(nameServer.nameServerAddress());
        forwarding = GatewayProcess.launchRegistered("wharf-a", nameServers, "forward",
                List.of(ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("grpc", "grpc")),
                work.resolve("a").resolve("data"), "grpc-wharf-a");
        // wharf-b omits the other brokers, so what it is asked to create is created on wharf-b alone.
        other = GatewayProcess.launchRegistered("wharf-b", nameServers, "omit",
                List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve("b").resolve("data"),
                "grpc-wharf-b");
    }

    @AfterAll
    static void stop() {
        for (GatewayProcess node : new GatewayProcess[] {forwarding, other}) {
            if (node != null) {
                node.close();
            }
        }
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @Test
    void aFifoTopicOnlyOnTheOtherNodeIsSentToAndReceivedInOrderThroughThisOne() throws Exception {
        String topic = Names.unique("FifoOnlyOnB");
        String group = Names.unique("GID_local_node");
        Topics.create(other, topic, 4, "FIFO");
        SubscriptionGroups.create(other, group, true, 16);
        awaitRouteAtTheNameServer(topic);
        SdkConfiguration configuration = SdkConfiguration.of(forwarding.grpcEndpoint(), Transport.PLAINTEXT);

        List<String> sentOrder = new ArrayList<>();
        try (Producer producer = SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(configuration.build())
                .setTopics(topic)
                .build()) {
            for (int i = 0; i < MESSAGES; i++) {
                String messageGroup = "group-" + (i % 3);
                Content content = Content.named("TagA", messageGroup + "#" + i);
                producer.send(content.builder(topic).setMessageGroup(messageGroup).build());
                sentOrder.add(content.body());
            }
        }
        List<Received> received;
        try (SimpleConsumer consumer = SdkClients.PROVIDER.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration.build())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofSeconds(2))
                .build()) {
            received = new SimpleReceiver(consumer).ackAtLeast(MESSAGES, "every FIFO message through wharf-a");
        }

        assertThat(byGroup(received.stream().map(r -> r.content().body()).toList())).isEqualTo(byGroup(sentOrder));
    }

    /** wharf-b registers again at once when a topic is created; wharf-a learns routes from the NameServer. */
    private static void awaitRouteAtTheNameServer(String topic) throws Exception {
        DefaultMQProducer probe = new DefaultMQProducer(Names.unique("PID_probe"));
        probe.setNamesrvAddr(nameServer.nameServerAddress());
        probe.setInstanceName(Names.unique("probe"));
        probe.start();
        try {
            Waits.atMostBound("the NameServer routes " + topic + " to wharf-b").ignoreExceptions()
                    .until(() -> !probe.fetchPublishMessageQueues(topic).isEmpty());
        } finally {
            probe.shutdown();
        }
    }

    private static Map<String, List<String>> byGroup(List<String> bodies) {
        return bodies.stream().collect(Collectors.groupingBy(body -> body.substring(0, body.indexOf('#'))));
    }
}
