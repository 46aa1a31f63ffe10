package dev.wharf.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A topic's route as a NameServer gave it (TopicRouteData: queueDatas, brokerDatas...), kept whole so that what
 * clients get back is the NameServer's answer with one change: where the brokers are.
 *
 * <pre>{@code
 * TopicRoute route = TopicRoute.parse("orders", response.body());
 * route.masters();                       // {broker-a=10.0.0.5:10911, broker-b=10.0.0.6:10911}
 * route.advertising("192.168.1.7:8080"); // the same JSON, every broker address the gateway's
 * }</pre>
 */
final class TopicRoute {

    /** RocketMQ's permission bits of a queueData. */
    private static final int PERM_WRITE = 0x2;
    private static final int PERM_READ = 0x4;

    /** Queue 0 of every broker, then queue 1 of every broker...: turns spread sends over the brokers. */
    private static final Comparator<BrokerQueue> INTERLEAVED =
            Comparator.comparingInt(BrokerQueue::queueId).thenComparing(BrokerQueue::brokerName);

    private final ObjectNode json;
    private final Map<String, String> masters;
    private final List<BrokerQueue> writableQueues;
    private final List<String> readableBrokers;

    private TopicRoute(ObjectNode json) {
        this.json = json;
        this.masters = Map.copyOf(RouteJson.masters(json.path("brokerDatas")));
        List<BrokerQueue> writable = new ArrayList<>();
        TreeSet<String> readable = new TreeSet<>();
        for (JsonNode queueData : json.path("queueDatas")) {
            String brokerName = queueData.path("brokerName").asText("");
            if (!masters.containsKey(brokerName)) {
                continue; // a broker without a master takes no command
            }
            int perm = queueData.path("perm").asInt();
            if ((perm & PERM_WRITE) != 0) {
                for (int queueId = 0; queueId < queueData.path("writeQueueNums").asInt(); queueId++) {
                    writable.add(new BrokerQueue(brokerName, queueId));
                }
            }
            if ((perm & PERM_READ) != 0 && queueData.path("readQueueNums").asInt() > 0) {
                readable.add(brokerName);
            }
        }
        writable.sort(INTERLEAVED);
        this.writableQueues = List.copyOf(writable);
        this.readableBrokers = List.copyOf(readable);
    }

    /**
     * @throws IllegalArgumentException naming the topic when {@code body} is not a route
     */
    static TopicRoute parse(String topic, byte[] body) {
        JsonNode node = RouteJson.read(body, "the NameServer's route of " + topic);
        if (!node.path("brokerDatas").isArray()) {
            throw new IllegalArgumentException("the NameServer's route of " + topic + " has no brokerDatas");
        }
        return new TopicRoute((ObjectNode) node);
    }

    /** Broker name to master address, for the brokers of this route that have a master. */
    Map<String, String> masters() {
        return masters;
    }

    /**
     * Every queue a message may be sent to, on brokers with a master: queue 0 of each broker (by name), then
     * queue 1 of each, and so on.
     */
    List<BrokerQueue> writableQueues() {
        return writableQueues;
    }

    /** The names, sorted, of the brokers with a master and readable queues of the topic. */
    List<String> readableBrokers() {
        return readableBrokers;
    }

    /**
     * The route as JSON with every address of every broker (masters and slaves) replaced by
     * {@code gatewayAddress} and everything else, broker names included, unchanged: a client sends each
     * request to this gateway and names the broker with {@code bname}.
     */
    byte[] advertising(String gatewayAddress) {
        ObjectNode copy = json.deepCopy();
        for (JsonNode broker : copy.path("brokerDatas")) {
            JsonNode addresses = broker.path("brokerAddrs");
            if (addresses instanceof ObjectNode table) {
                List<String> brokerIds = new ArrayList<>();
                table.fieldNames().forEachRemaining(brokerIds::add);
                brokerIds.forEach(brokerId -> table.put(brokerId, gatewayAddress));
            }
        }
        try {
            return RouteJson.MAPPER.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
