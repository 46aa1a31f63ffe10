package dev.wharf.compat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.KeyedSends;
import dev.wharf.compat.support.ListenerSpec;
import dev.wharf.compat.support.MessageGroups;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.TimedDeliveries;
import dev.wharf.compat.support.TimedDelivery;
import dev.wharf.compat.support.Waits;
import dev.wharf.compat.support.v5.ClusterBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Cluster-mode gateways (the jar, as processes) in front of a {@link ClusterBackend} shared by the test JVM,
 * each with a Remoting and an HTTP listener; every scenario produces through gateway 1 and consumes through gateway
 * 2, with a topic of 4 queues on each of the backend's two brokers, so both brokers take part:
 *
 * <ul>
 *   <li>the official Remoting client produces, a push consumer receives every key; the routes the clients got
 *       advertise their gateway for both brokers, under the brokers' own names;
 *   <li>FIFO: messages of several message groups sent to the queue each group hashes to, consumed by an orderly
 *       consumer in send order per group;
 *   <li>delay: messages with a delivery time ({@code setDeliverTimeMs}) arrive, none before its time;
 *   <li>transactions: committed ones are delivered, rolled-back ones never, and ones left unknown are checked back
 *       by their broker, relayed to the producer through gateway 1, and delivered once it commits;
 *   <li>POP across both brokers: Wharf's HTTP API (whose sends and receives name no broker) publishes through
 *       gateway 1, receives through gateway 2 from both brokers, and acknowledges through gateway 1, so every
 *       acknowledgement reaches the broker its receipt names from a gateway that never saw the message.
 * </ul>
 *
 * Subclasses name the backend, with a {@link dev.wharf.compat.support.v5.SharedClusterBackend} extension.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterGatewayScenarios {

    private static final int QUEUES_PER_BROKER = 4;
    private static final int MESSAGES = 24;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final Clients clients = new Clients();

    ClusterBackend backend;
    /** Where the scenarios produce. */
    GatewayProcess gateway;
    /** Where the scenarios consume. */
    GatewayProcess otherGateway;

    @BeforeAll
    void startGateways(ClusterBackend shared) {
        backend = shared;
        List<ListenerSpec> listeners =
                List.of(ListenerSpec.plaintext("remoting", "remoting"), ListenerSpec.plaintext("http", "http"));
        String label = getClass().getSimpleName();
        gateway = backend.launchGateway(listeners, label + "-gateway-1");
        otherGateway = backend.launchGateway(listeners, label + "-gateway-2");
    }

    @AfterAll
    void stopGateways() {
        for (GatewayProcess process : new GatewayProcess[] {gateway, otherGateway}) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    void producesThroughOneGatewayAndConsumesThroughTheOtherOnBothBrokers() throws Exception {
        String topic = topic("Cluster", "NORMAL");
        DefaultMQProducer producer = clients.startedProducer(gateway.nameServerAddress());
        KeyedSends sent = KeyedSends.send(producer, topic, "key", MESSAGES);
        assertThat(sent.brokers()).as("the producer's queues span both brokers")
                .containsExactlyInAnyOrderElementsOf(backend.brokerNames());
        assertAdvertises(gateway, topic,
                producer.getDefaultMQProducerImpl().getMqClientFactory().getTopicRouteTable().get(topic));

        Deliveries deliveries = new Deliveries();
        var consumer = clients.startedPushConsumer(otherGateway.nameServerAddress(), Names.unique("GID_cluster"), topic,
                "*", deliveries.acknowledgingListener());
        deliveries.awaitKeys(sent.keys(), "every message consumed through the other gateway");
        assertAdvertises(otherGateway, topic,
                consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getTopicRouteTable().get(topic));
    }

    @Test
    void fifoMessageGroupsOnBothBrokersAreConsumedInSendOrder() throws Exception {
        String topic = topic("ClusterFifo", "FIFO");
        String group = Names.unique("GID_fifo");
        backend.admin().createGroup(group, true);
        // Eight groups whose names hash to eight consecutive values: one queue each, four on each broker.
        List<String> messageGroups = IntStream.range(0, 2 * QUEUES_PER_BROKER).mapToObj(i -> "order-" + i).toList();
        int perGroup = 10;
        MessageGroups.send(clients.startedProducer(gateway.nameServerAddress()), topic, messageGroups, perGroup);
        assertThat(backend.admin().storedMessages(topic)).as("messages stored per broker")
                .containsOnlyKeys(backend.brokerNames())
                .allSatisfy((broker, stored) -> assertThat(stored).as(broker).isPositive());

        Map<String, List<Integer>> consumed = new HashMap<>();
        clients.startedPushConsumer(otherGateway.nameServerAddress(), group, topic, "*",
                (MessageListenerOrderly) (messages, context) -> {
                    synchronized (consumed) {
                        messages.forEach(message -> consumed.computeIfAbsent(MessageGroups.group(message),
                                key -> new ArrayList<>()).add(MessageGroups.sequence(message)));
                    }
                    return ConsumeOrderlyStatus.SUCCESS;
                });

        int expected = messageGroups.size() * perGroup;
        Waits.atMostBound(expected + " FIFO messages consumed").until(() -> {
            synchronized (consumed) {
                return consumed.values().stream().mapToInt(List::size).sum() >= expected;
            }
        });
        synchronized (consumed) {
            assertThat(consumed).containsOnlyKeys(messageGroups).allSatisfy((messageGroup, sequence) -> assertThat(
                    sequence).as("message group %s in consumption order", messageGroup)
                    .containsExactlyElementsOf(IntStream.range(0, perGroup).boxed().toList()));
        }
    }

    @Test
    void delayedMessagesOnBothBrokersArriveNotBeforeTheirTime() throws Exception {
        String topic = topic("ClusterDelay", "DELAY");
        TimedDeliveries deliveries = new TimedDeliveries();
        clients.startedPushConsumer(otherGateway.nameServerAddress(), Names.unique("GID_delay"), topic, "*",
                deliveries.acknowledgingListener());
        DefaultMQProducer producer = clients.startedProducer(gateway.nameServerAddress());

        long deliverAt = System.currentTimeMillis() + 3_000;
        Set<String> sentTo = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 2 * QUEUES_PER_BROKER; i++) {
            Message message = new Message(topic, "TagA", "delayed-" + i, ("delayed " + i).getBytes(StandardCharsets.UTF_8));
            message.setDeliverTimeMs(deliverAt);
            SendResult sent = producer.send(message);
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            sentTo.add(sent.getMessageQueue().getBrokerName());
            keys.add(message.getKeys());
        }
        assertThat(sentTo).as("delayed messages on both brokers").containsExactlyInAnyOrderElementsOf(backend.brokerNames());

        List<TimedDelivery> received = deliveries.awaitAtLeast(keys.size(), "every delayed message");
        assertThat(received).extracting(delivery -> delivery.message().getKeys()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(received).allSatisfy(delivery -> assertThat(delivery.receivedAtMillis())
                .as("received at, %s", delivery.message().getKeys()).isGreaterThanOrEqualTo(deliverAt));
    }

    @Test
    void committedAndCheckedBackTransactionsAreDeliveredAndRolledBackOnesAreNot() throws Exception {
        String topic = topic("ClusterTx", "TRANSACTION");
        Set<String> checked = ConcurrentHashMap.newKeySet();
        TransactionMQProducer producer = clients.startedTransactionProducer(gateway.nameServerAddress(),
                Names.unique("PID_tx"), new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                        return message.getKeys().startsWith("unknown") ? LocalTransactionState.UNKNOW : outcome(message);
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(MessageExt message) {
                        checked.add(message.getKeys());
                        return outcome(message);
                    }

                    /** What the local transaction of {@code message} came to: a rollback for "rollback-*". */
                    private LocalTransactionState outcome(Message message) {
                        return message.getKeys().startsWith("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE
                                : LocalTransactionState.COMMIT_MESSAGE;
                    }
                });

        // The producer takes the route's 8 queues in turn: 24 sends, the three kinds interleaved, put each kind on
        // every queue of both brokers.
        Map<String, Set<String>> keysByKind = new HashMap<>();
        Set<String> sentTo = new HashSet<>();
        List<String> kinds = List.of("commit", "rollback", "unknown");
        for (int i = 0; i < 3 * 2 * QUEUES_PER_BROKER; i++) {
            String kind = kinds.get(i % kinds.size());
            String key = kind + "-" + i;
            SendResult sent = producer.sendMessageInTransaction(
                    new Message(topic, "TagA", key, ("transaction " + i).getBytes(StandardCharsets.UTF_8)), null);
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            sentTo.add(sent.getMessageQueue().getBrokerName());
            keysByKind.computeIfAbsent(kind, k -> new HashSet<>()).add(key);
        }
        assertThat(sentTo).as("half messages on both brokers").containsExactlyInAnyOrderElementsOf(backend.brokerNames());

        Deliveries deliveries = new Deliveries();
        clients.startedPushConsumer(otherGateway.nameServerAddress(), Names.unique("GID_tx"), topic, "*",
                deliveries.acknowledgingListener());
        Set<String> delivered = new HashSet<>(keysByKind.get("commit"));
        delivered.addAll(keysByKind.get("unknown"));
        deliveries.awaitKeys(delivered, "committed and checked-back transactions delivered");

        assertThat(checked).as("transactions checked back through the gateway").containsAll(keysByKind.get("unknown"));
        // A rolled-back message that was wrongly committed would have been delivered with its neighbours by now.
        // (No count of stored messages: an Apache broker may check a half message again before it saw the commit,
        // and the second commit stores a second copy.)
        assertThat(deliveries.keys()).doesNotContainAnyElementsOf(keysByKind.get("rollback"));
    }

    @Test
    void httpMessagesReachBothBrokersAndAreAcknowledgedThroughAGatewayThatNeverSawThem() throws Exception {
        String httpTopic = Names.unique("ClusterHttp");
        String group = Names.unique("GID_http");
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> created = post(http, gateway, "/v1/topics",
                JSON.toJSONString(Map.of("name", httpTopic, "type", "NORMAL", "queues", QUEUES_PER_BROKER)));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 299);
        backend.admin().awaitRouteOnEveryBroker(httpTopic);
        backend.admin().createGroup(group, false);
        backend.admin().consumeFromStart(group, httpTopic);

        List<Map<String, String>> bodies = IntStream.range(0, MESSAGES).mapToObj(i -> Map.of("body", "http-" + i)).toList();
        HttpResponse<String> published = post(http, gateway, "/v1/topics/" + httpTopic + "/messages",
                JSON.toJSONString(Map.of("messages", bodies)));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(backend.admin().storedMessages(httpTopic)).as("messages stored per broker")
                .containsOnlyKeys(backend.brokerNames())
                .allSatisfy((broker, stored) -> assertThat(stored).as(broker).isPositive());

        String consumer = "/v1/groups/" + group + "/topics/" + httpTopic;
        List<JSONObject> received = receiveThrough(otherGateway, http, consumer, all -> all.size() >= MESSAGES);
        assertThat(received).extracting(message -> message.getString("body"))
                .containsExactlyInAnyOrderElementsOf(bodies.stream().map(body -> body.get("body")).toList());
        assertThat(received).extracting(message -> receiptBroker(message.getString("receiptHandle")))
                .as("the brokers the receipts name").containsAll(backend.brokerNames());

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

    /** A new topic of {@code messageType} with {@value #QUEUES_PER_BROKER} queues on each broker. */
    private String topic(String prefix, String messageType) throws Exception {
        String topic = Names.unique(prefix);
        backend.admin().createTopic(topic, messageType, QUEUES_PER_BROKER);
        return topic;
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
    private void assertAdvertises(GatewayProcess gateway, String topic, TopicRouteData route) {
        assertThat(route).as("the client's route of " + topic).isNotNull();
        Map<String, Set<String>> addresses = route.getBrokerDatas().stream().collect(Collectors.toMap(
                BrokerData::getBrokerName, broker -> Set.copyOf(broker.getBrokerAddrs().values())));
        assertThat(addresses.keySet()).containsExactlyInAnyOrderElementsOf(backend.brokerNames());
        assertThat(addresses.values()).allSatisfy(
                brokerAddresses -> assertThat(brokerAddresses).containsExactly(gateway.nameServerAddress()));
    }
}
