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
import dev.wharf.compat.support.v5.PopAnswers;
import dev.wharf.compat.support.v5.SharedClusterBackend;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.ConsumeInitMode;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
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
    private static final long POP_POLL_MILLIS = 1_000;
    /** RocketMQ's read and write permission bits. */
    private static final int PERM_READ_WRITE = 6;

    @RegisterExtension
    static final SharedClusterBackend sharedBackend = new SharedClusterBackend(Kind.WHARF_BROKERS);

    /** wharf-a's and wharf-b's Remoting listeners: each node is NameServer and broker to its clients. */
    private static String forwarding;
    private static String omitting;
    private static String nameServer;
    private static ClusterBackend cluster;

    @RegisterExtension
    final Clients clients = new Clients();

    @BeforeAll
    static void start(ClusterBackend backend) {
        forwarding = backend.brokerAddresses().get(ClusterBackend.FORWARDING_WHARF_BROKER);
        omitting = backend.brokerAddresses().get(ClusterBackend.OMITTING_WHARF_BROKER);
        nameServer = backend.nameServerAddress();
        cluster = backend;
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
        // A command that names no broker, sent to wharf-a's registered address, is for wharf-a's broker alone.
        api(admin).createTopic(forwarding, "TBW102", topicConfig(topic), TIMEOUT_MILLIS);

        DefaultMQProducer producer = clients.startedProducer(omitting);
        Waits.atMostBound("wharf-a registered the topic").ignoreExceptions()
                .until(() -> brokerNames(route(admin, topic)).contains("wharf-a"));
        MQClientException unknown = catchThrowableOfType(MQClientException.class, () -> route(producer, topic));
        assertThat(unknown.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    /**
     * As Apache RocketMQ's Proxy pops from the brokers behind it: no {@code bname}, and the receipts it builds name
     * the broker it asked. A forwarding node must then pop from its own broker alone, never hand out another's.
     */
    @Test
    void aPopNamingNoBrokerIsServedByTheForwardingNodesOwnBroker() throws Exception {
        String topic = Names.unique("OnBoth");
        String group = Names.unique("GID_unnamed_pop");
        cluster.admin().createTopic(topic, "NORMAL", 4);
        cluster.admin().createGroup(group, false);
        KeyedSends sent = KeyedSends.send(clients.startedProducer(omitting), topic, "on-b", 4);
        assertThat(sent.brokers()).containsExactly("wharf-b");

        DefaultMQProducer client = clients.startedProducer(nameServer);
        assertThat(popNamingNoBroker(client, ClusterBackend.FORWARDING_WHARF_BROKER, topic, group).getPopStatus())
                .as("wharf-a's queues are empty; wharf-b's messages are not wharf-a's to hand out")
                .isNotEqualTo(PopStatus.FOUND);
        assertThat(popNamingNoBroker(client, ClusterBackend.OMITTING_WHARF_BROKER, topic, group).getMsgFoundList())
                .extracting(MessageExt::getKeys)
                .containsExactlyInAnyOrderElementsOf(sent.keys());
    }

    /** A POP of any queue of {@code topic} sent to the address {@code brokerName} registered, naming no broker. */
    private static PopResult popNamingNoBroker(DefaultMQProducer client, String brokerName, String topic,
            String group) throws Exception {
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(-1);
        header.setMaxMsgNums(32);
        header.setInvisibleTime(60_000);
        header.setPollTime(POP_POLL_MILLIS);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(ConsumeInitMode.MIN);
        header.setExpType(ExpressionType.TAG);
        header.setExp("*");
        CompletableFuture<PopResult> answer = new CompletableFuture<>();
        String address = cluster.brokerAddresses().get(brokerName);
        api(client).popMessageAsync(brokerName, address, header, TIMEOUT_MILLIS, PopAnswers.completing(answer));
        return answer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
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
