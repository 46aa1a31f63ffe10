package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.KeyedSends;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ClusterBackend;
import dev.wharf.compat.support.v5.ClusterBackend.Kind;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Wharf Local-mode nodes registered with a real Apache RocketMQ 5.5.0 NameServer (the Wharf-brokers backend the
 * test JVM shares): wharf-a forwards to the cluster's other brokers ({@code cluster.otherBrokers: forward}, the
 * default), wharf-b omits them. The official Remoting client, given wharf-a's listener as its NameServer, produces
 * to and consumes a topic that lives on wharf-b alone; wharf-b does not know a topic that lives on wharf-a alone.
 */
class LocalNodesInOneClusterTest {

    private static final int MESSAGES = 16;
    private static final long TIMEOUT_MILLIS = 5_000;
    /** RocketMQ's read and write permission bits. */
    private static final int PERM_READ_WRITE = 6;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.WHARF_BROKERS);

    /** wharf-a's and wharf-b's Remoting listeners: each node is NameServer and broker to its clients. */
    private static String forwarding;
    private static String omitting;
    private static String nameServer;

    @RegisterExtension
    final Clients clients = new Clients();

    @BeforeAll
    static void start(ClusterBackend backend) {
        forwarding = backend.brokerAddresses().get(ClusterBackend.FORWARDING_WHARF_BROKER);
        omitting = backend.brokerAddresses().get(ClusterBackend.OMITTING_WHARF_BROKER);
        nameServer = backend.nameServerAddress();
    }

    @Test
    void aForwardingNodeServesATopicThatLivesOnlyOnTheOtherNode() throws Exception {
        String topic = Names.unique("OnlyOnB");
        DefaultMQProducer admin = clients.startedProducer(nameServer);
        // wharf-b omits the other brokers, so what it is asked to create is created on wharf-b alone.
        api(admin).createTopic(omitting, "TBW102", topicConfig(topic), TIMEOUT_MILLIS);
        Waits.atMostBound("the NameServer's route of the topic names wharf-b").ignoreExceptions()
                .until(() -> brokerNames(route(admin, topic)).equals(Set.of("wharf-b")));

        DefaultMQProducer producer = clients.startedProducer(forwarding);
        TopicRouteData route = route(producer, topic);
        assertThat(route.getBrokerDatas()).singleElement().satisfies(broker -> {
            assertThat(broker.getBrokerName()).isEqualTo("wharf-b");
            assertThat(broker.getBrokerAddrs()).containsExactly(Map.entry(0L, forwarding));
        });
        assertThat(route.getQueueDatas()).extracting(QueueData::getBrokerName).containsExactly("wharf-b");

        KeyedSends sent = KeyedSends.send(producer, topic, "key", MESSAGES);
        assertThat(sent.brokers()).containsExactly("wharf-b");
        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(forwarding, Names.unique("GID_local_nodes"), topic, "*",
                deliveries.acknowledgingListener());
        deliveries.awaitKeys(sent.keys(), "every message consumed through wharf-a from wharf-b");
    }

    @Test
    void anOmittingNodeDoesNotKnowATopicThatLivesOnlyOnTheOtherNode() throws Exception {
        String topic = Names.unique("OnlyOnA");
        DefaultMQProducer admin = clients.startedProducer(nameServer);
        // Created through wharf-a, which forwards, the topic is on both brokers; wharf-b then deletes its own.
        api(admin).createTopic(forwarding, "TBW102", topicConfig(topic), TIMEOUT_MILLIS);
        api(admin).deleteTopicInBroker(omitting, topic, TIMEOUT_MILLIS);

        DefaultMQProducer producer = clients.startedProducer(omitting);
        Waits.atMostBound("wharf-a registered the topic").ignoreExceptions()
                .until(() -> brokerNames(route(admin, topic)).contains("wharf-a"));
        MQClientException unknown = catchThrowableOfType(MQClientException.class, () -> route(producer, topic));
        assertThat(unknown.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    private static TopicConfig topicConfig(String topic) {
        TopicConfig config = new TopicConfig(topic, 4, 4, PERM_READ_WRITE);
        config.setAttributes(Map.of("+message.type", "NORMAL"));
        return config;
    }

    private static MQClientAPIImpl api(DefaultMQProducer producer) {
        return producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /** The route as the producer's NameServer has it now, not the client's cached one. */
    private static TopicRouteData route(DefaultMQProducer producer, String topic) throws Exception {
        return api(producer).getTopicRouteInfoFromNameServer(topic, 3_000);
    }

    private static Set<String> brokerNames(TopicRouteData route) {
        return route.getBrokerDatas().stream().map(BrokerData::getBrokerName).collect(Collectors.toSet());
    }
}
