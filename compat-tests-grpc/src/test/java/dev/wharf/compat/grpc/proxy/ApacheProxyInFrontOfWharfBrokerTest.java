package dev.wharf.compat.grpc.proxy;

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
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability the other way round: Apache RocketMQ 5.5.0's Proxy, in cluster mode, in front of a Wharf
 * broker standalone registered with Apache's NameServer. The gRPC SDK talks only to the Proxy; the Proxy finds
 * the Wharf broker through the NameServer and speaks Remoting to it (topic config, send, pop, ack).
 */
class ApacheProxyInFrontOfWharfBrokerTest {

    private static final int MESSAGES = 10;

    private static ApacheRocketMqCluster apache;
    private static GatewayProcess broker;
    private static String proxyEndpoint;
    private static String topic;
    private static String group;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "proxy-test", Long.toString(System.nanoTime())).toAbsolutePath();
        apache = ApacheRocketMqCluster.start(work.resolve("apache"), "proxied", 0);
        broker = GatewayProcess.launchRegistered("wharf-a", List.of(apache.nameServerAddress()),
                List.of(ListenerSpec.plaintext("remoting", "remoting")), work.resolve("wharf-a").resolve("data"),
                "wharf-behind-proxy");
        topic = Names.unique("ProxiedTopic");
        group = Names.unique("GID_proxied");
        Topics.create(broker, topic, 4, "NORMAL");
        SubscriptionGroups.create(broker, group, false, 16);
        awaitRouteAtTheNameServer(topic);
        proxyEndpoint = apache.startProxy();
    }

    /** The broker first, so that it unregisters from a NameServer still there. */
    @AfterAll
    static void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (apache != null) {
                apache.close();
            }
        }
    }

    @Test
    void theGrpcSdkSendsAndReceivesThroughTheApacheProxyFromTheWharfBroker() throws Exception {
        SdkConfiguration configuration = SdkConfiguration.of(proxyEndpoint, Transport.PLAINTEXT);
        List<String> sent = new ArrayList<>();
        try (Producer producer = SdkClients.PROVIDER.newProducerBuilder()
                .setClientConfiguration(configuration.build())
                .setTopics(topic)
                .build()) {
            for (int i = 0; i < MESSAGES; i++) {
                sent.add(producer.send(Content.named("TagA", "through-the-proxy-" + i).toMessage(topic))
                        .getMessageId().toString());
            }
        }
        try (SimpleConsumer consumer = SdkClients.PROVIDER.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration.build())
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofSeconds(5))
                .build()) {
            List<Received> received = new SimpleReceiver(consumer).ackAtLeast(MESSAGES, "every message through the Proxy");

            assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(received).extracting(Received::content).contains(Content.named("TagA", "through-the-proxy-0"));
        }
    }

    /** Wharf registers again at once when a topic is created; the Proxy learns routes from the NameServer. */
    private static void awaitRouteAtTheNameServer(String topic) throws Exception {
        DefaultMQProducer probe = new DefaultMQProducer(Names.unique("PID_probe"));
        probe.setNamesrvAddr(apache.nameServerAddress());
        probe.setInstanceName(Names.unique("probe"));
        probe.start();
        try {
            Waits.atMostBound("the NameServer routes " + topic + " to the Wharf broker").ignoreExceptions()
                    .until(() -> !probe.fetchPublishMessageQueues(topic).isEmpty());
        } finally {
            probe.shutdown();
        }
    }
}
