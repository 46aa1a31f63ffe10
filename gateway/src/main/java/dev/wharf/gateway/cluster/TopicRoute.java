package dev.wharf.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final ObjectNode json;
    private final Map<String, String> masters;

    private TopicRoute(ObjectNode json) {
        this.json = json;
        this.masters = Map.copyOf(RouteJson.masters(json.path("brokerDatas")));
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
