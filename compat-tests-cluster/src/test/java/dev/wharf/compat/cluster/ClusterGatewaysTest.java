package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ApacheClusterAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Cluster-mode gateways (the jar, as processes) in front of a real Apache RocketMQ 5.5.0 NameServer and two
 * brokers, each gateway with a Remoting and an HTTP listener:
 *
 * <ul>
 *   <li>the official Remoting client, pointed at gateway 1 as its NameServer, produces to a topic that lives on
 *       both brokers, and a push consumer pointed at gateway 2 consumes every message. The routes the clients got
 *       advertise their gateway for both brokers, under the brokers' own names; the gateway spoke plain Remoting
 *       to the Apache brokers after its negotiation handshake was refused;
 *   <li>a transaction left open by a Remoting producer of gateway 1 is checked back: the brokers' checks reach
 *       the gateway on its own connections and are relayed to the producer, whose commits go to the right broker;
 *   <li>Wharf's HTTP API, whose admin, sends and receives name no broker: a topic created through gateway 1 is
 *       created on both brokers; messages published through gateway 1 are stored on both brokers, received
 *       through gateway 2 from both, and acknowledged through gateway 1, so every acknowledgement reaches the
 *       broker its receipt names from a gateway that never saw the message.
 * </ul>
 */
class ClusterGatewaysTest {

    private static final String LIB_DIR_PROPERTY = "wharf.apacheLibDir";
    private static final int MESSAGES = 24;
    private static final int TRANSACTIONS = 8;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static ApacheRocketMqCluster cluster;
    private static ApacheClusterAdmin admin;
    private static GatewayProcess gateway;
    private static GatewayProcess otherGateway;
    private static String topic;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "cluster-test", Long.toString(System.nanoTime())).toAbsolutePath();
        cluster = ApacheRocketMqCluster.start(Path.of(System.getProperty(LIB_DIR_PROPERTY, "missing")),
                work.resolve("apache"), "apache", 2);
        admin = ApacheClusterAdmin.of(cluster);
        topic = Names.unique("ClusterTopic");
        admin.createTopic(topic, "NORMAL", 4);
        gateway = gateway(work.resolve("gateway-1"), "cluster-gateway-1");
        otherGateway = gateway(work.resolve("gateway-2"), "cluster-gateway-2");
    }

    /** Each gateway's configuration file sits next to its work folder, so each needs a folder of its own. */
    private static GatewayProcess gateway(Path dir, String label) {
        return GatewayProcess.launchInCluster(List.of(cluster.nameServerAddress()),
                List.of(ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("http", "http")),
                dir.resolve("work"), label);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        for (GatewayProcess process : new GatewayProcess[] {gateway, otherGateway}) {
            if (process != null) {
                process.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void producesThroughOneGatewayAndConsumesThroughTheOtherOnBothApacheBrokers() throws Exception {
        DefaultMQProducer producer = producer(gateway.nameServerAddress());
        DefaultMQPushConsumer consumer = null;
        try {
            Set<String> sentKeys = new HashSet<>();
            Set<String> sentTo = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                String key = "key-" + i;
                SendResult result = producer.send(new Message(topic, "TagA", key,
                        ("message " + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sentKeys.add(key);
                sentTo.add(result.getMessageQueue().getBrokerName());
            }
            assertThat(sentTo).as("the producer's queues span both brokers").isEqualTo(cluster.brokerAddresses().keySet());
            assertAdvertises(gateway, producer.getDefaultMQProducerImpl().getMqClientFactory().getTopicRouteTable()
                    .get(topic));

            Set<String> received = ConcurrentHashMap.newKeySet();
            consumer = new DefaultMQPushConsumer(Names.unique("GID_cluster"));
            consumer.setNamesrvAddr(otherGateway.nameServerAddress());
            consumer.setInstanceName(Names.unique("consumer"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(message -> received.add(message.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            Waits.atMostBound("every message consumed through the other gateway").untilAsserted(
                    () -> assertThat(received).containsExactlyInAnyOrderElementsOf(sentKeys));
            assertAdvertises(otherGateway,
                    consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getTopicRouteTable().get(topic));
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
    }

    @Test
    void theGatewaySpeaksPlainRemotingToTheApacheBrokersAfterTheirRefusal() throws Exception {
        DefaultMQProducer producer = producer(gateway.nameServerAddress());
        try {
            // Any request for a broker makes the gateway connect to it.
            for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
                producer.send(new Message(topic, "hello".getBytes(StandardCharsets.UTF_8)), queue);
            }
        } finally {
            producer.shutdown();
        }
        String log = Files.readString(gateway.logFile());
        for (String broker : cluster.brokerAddresses().values()) {
            assertThat(log).as("the gateway's log").contains(broker + " does not negotiate (");
        }
    }

    @Test
    void aTransactionLeftOpenIsCheckedBackThroughTheGatewayAndCommitted() throws Exception {
        String txTopic = Names.unique("ClusterTx");
        admin.createTopic(txTopic, "TRANSACTION", 4);
        Set<String> checked = ConcurrentHashMap.newKeySet();
        TransactionMQProducer producer = new TransactionMQProducer(Names.unique("PID_tx"));
        producer.setNamesrvAddr(gateway.nameServerAddress());
        producer.setInstanceName(Names.unique("tx-producer"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                checked.add(message.getKeys());
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        try {
            // The producer takes the route's 8 queues in turn, 4 on each broker: 8 sends reach both.
            Set<String> sentTo = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < TRANSACTIONS; i++) {
                SendResult sent = producer.sendMessageInTransaction(new Message(txTopic, "TagA", "tx-" + i,
                        ("open " + i).getBytes(StandardCharsets.UTF_8)), null);
                assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sentTo.add(sent.getMessageQueue().getBrokerName());
                keys.add("tx-" + i);
            }

            assertThat(sentTo).as("half messages on both brokers").isEqualTo(cluster.brokerAddresses().keySet());
            Waits.atMostBound("every transaction checked back and committed").untilAsserted(() -> assertThat(
                    admin.storedMessages(txTopic).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(TRANSACTIONS));
            assertThat(checked).isEqualTo(keys);
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void httpMessagesReachBothBrokersAndAreAcknowledgedThroughAGatewayThatNeverSawThem() throws Exception {
        String httpTopic = Names.unique("ClusterHttp");
        String group = Names.unique("GID_http");
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> created = post(http, gateway, "/v1/topics",
                JSON.toJSONString(Map.of("name", httpTopic, "type", "NORMAL", "queues", 4)));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 299);
        admin.awaitRouteOnEveryBroker(httpTopic);
        admin.createGroup(group, false);
        admin.consumeFromStart(group, httpTopic);

        List<Map<String, String>> bodies = IntStream.range(0, MESSAGES).mapToObj(i -> Map.of("body", "http-" + i)).toList();
        HttpResponse<String> published = post(http, gateway, "/v1/topics/" + httpTopic + "/messages",
                JSON.toJSONString(Map.of("messages", bodies)));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(admin.storedMessages(httpTopic)).as("messages stored per broker")
                .containsOnlyKeys(cluster.brokerAddresses().keySet())
                .allSatisfy((broker, stored) -> assertThat(stored).as(broker).isPositive());

        String consumer = "/v1/groups/" + group + "/topics/" + httpTopic;
        List<JSONObject> received = receiveThrough(otherGateway, http, consumer, all -> all.size() >= MESSAGES);
        assertThat(received).extracting(message -> message.getString("body"))
                .containsExactlyInAnyOrderElementsOf(bodies.stream().map(body -> body.get("body")).toList());
        assertThat(received).extracting(message -> receiptBroker(message.getString("receiptHandle")))
                .as("the brokers the receipts name").containsAll(cluster.brokerAddresses().keySet());

        JSONObject keptBack = received.get(0);
        for (JSONObject message : received.subList(1, received.size())) {
            HttpResponse<String> acked = post(http, gateway, consumer + "/ack",
                    JSON.toJSONString(Map.of("receiptHandle", message.getString("receiptHandle"))));
            assertThat(acked.statusCode()).as(acked.body()).isBetween(200, 299);
        }
        List<JSONObject> again = receiveThrough(otherGateway, http, consumer, all -> !all.isEmpty());
        assertThat(again).as("only the message left unacknowledged comes back")
                .extracting(message -> message.getString("body")).containsExactly(keptBack.getString("body"));
    }

    /** Receives through {@code through}, each message invisible for 10 s, until {@code enough} accepts them all. */
    private static List<JSONObject> receiveThrough(GatewayProcess through, HttpClient http, String consumer,
            Predicate<List<JSONObject>> enough) {
        List<JSONObject> received = new CopyOnWriteArrayList<>();
        Waits.atMostBound("messages received through " + through).until(() -> {
            HttpResponse<String> answer = post(http, through, consumer + "/receive?max=16&wait=2s&invisibleTime=10s", "");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            received.addAll(JSON.parseObject(answer.body()).getList("messages", JSONObject.class));
            return enough.test(received);
        });
        return List.copyOf(received);
    }

    /** The broker a receipt handle names: its sixth field. */
    private static String receiptBroker(String receiptHandle) {
        return receiptHandle.split(" ")[5];
    }

    private static HttpResponse<String> post(HttpClient http, GatewayProcess to, String path, String json)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + to.address("http") + path))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Both brokers, under their own names, each at {@code gateway}'s address and nowhere else. */
    private static void assertAdvertises(GatewayProcess gateway, TopicRouteData route) {
        assertThat(route).as("the client's route of " + topic).isNotNull();
        Map<String, Set<String>> addresses = route.getBrokerDatas().stream().collect(Collectors.toMap(
                BrokerData::getBrokerName, broker -> Set.copyOf(broker.getBrokerAddrs().values())));
        assertThat(addresses.keySet()).isEqualTo(cluster.brokerAddresses().keySet());
        assertThat(addresses.values()).allSatisfy(
                brokerAddresses -> assertThat(brokerAddresses).containsExactly(gateway.nameServerAddress()));
    }

    private static DefaultMQProducer producer(String nameServer) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("PID_cluster"));
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(Names.unique("producer"));
        producer.start();
        return producer;
    }

}
