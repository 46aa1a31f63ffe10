package dev.wharf.gateway.cluster;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what NameServers answer (TopicRouteData, ClusterInfo) and writes route answers. NameServers write
 * fastjson, whose maps with numeric keys ({@code brokerAddrs}) come out unquoted ({@code {0:"host:port"}})
 * unless the client asked for standard JSON, so reading tolerates both; writing is always standard JSON.
 */
final class RouteJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();

    private RouteJson() {}

    /**
     * @throws IllegalArgumentException naming {@code what} when {@code body} is not a JSON object
     */
    static JsonNode read(byte[] body, String what) {
        try {
            JsonNode node = body == null ? null : MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The master's address (broker id 0) of a BrokerData object, or null when it has none. */
    static String masterOf(JsonNode brokerData) {
        JsonNode address = brokerData.path("brokerAddrs").get("0");
        return address == null || !address.isTextual() ? null : address.asText();
    }

    /** Broker name to master address, for every BrokerData in {@code brokerDatas} that has a master. */
    static Map<String, String> masters(Iterable<JsonNode> brokerDatas) {
        Map<String, String> masters = new LinkedHashMap<>();
        for (JsonNode broker : brokerDatas) {
            String name = broker.path("brokerName").asText("");
            String master = masterOf(broker);
            if (!name.isEmpty() && master != null) {
                masters.put(name, master);
            }
        }
        return masters;
    }
}
