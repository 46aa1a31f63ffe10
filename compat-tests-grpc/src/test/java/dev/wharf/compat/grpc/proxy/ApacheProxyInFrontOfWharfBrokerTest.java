package dev.wharf.compat.grpc.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.support.Content;
import dev.wharf.compat.grpc.support.FreshOnCluster;
import dev.wharf.compat.grpc.support.Received;
import dev.wharf.compat.grpc.support.SdkClients;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interoperability the other way round: Apache RocketMQ 5.5.0's Proxy, in cluster mode, in front of the Wharf
 * brokers standalone registered with Apache's NameServer (the backend this JVM shares). The gRPC SDK talks only
 * to the Proxy; the Proxy finds the Wharf brokers through the NameServer and speaks Remoting to them (topic
 * config, send, pop, ack).
 */
class ApacheProxyInFrontOfWharfBrokerTest {

    private static final int MESSAGES = 10;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.WHARF_BROKERS);

    private static ClusterBackend backend;
    /** The Proxy's gRPC endpoint; the Proxy stops with the shared backend. */
    private static String proxyEndpoint;

    @RegisterExtension
    final SdkClients throughProxy = SdkClients.at(() -> proxyEndpoint, Duration.ofSeconds(5));

    @BeforeAll
    static void start(ClusterBackend shared) {
        backend = shared;
        proxyEndpoint = backend.startProxy();
    }

    @Test
    void theGrpcSdkSendsAndReceivesThroughTheApacheProxyFromTheWharfBrokers() throws Exception {
        String topic = FreshOnCluster.topic(backend.admin(), "NORMAL");
        String group = FreshOnCluster.group(backend.admin(), topic, false);

        Producer producer = throughProxy.producer(topic);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(producer.send(Content.named("TagA", "through-the-proxy-" + i).toMessage(topic))
                    .getMessageId().toString());
        }
        List<Received> received = throughProxy.simpleReceiver(group, topic)
                .ackAtLeast(MESSAGES, "every message through the Proxy");

        assertThat(received).extracting(Received::messageId).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).extracting(Received::content).contains(Content.named("TagA", "through-the-proxy-0"));
    }
}
