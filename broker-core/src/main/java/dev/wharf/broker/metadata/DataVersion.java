package dev.wharf.broker.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.protocol.Json;

/**
 * RocketMQ's {@code DataVersion}: a counter and a timestamp that change with every change of a metadata
 * table, sent beside the table so tools can tell whether it changed.
 *
 * @param timestamp when the table last changed, epoch ms
 * @param counter how many changes so far
 */
public record DataVersion(long timestamp, long counter) {

    /** The version after one more change at {@code now}. */
    public DataVersion next(long now) {
        return new DataVersion(now, counter + 1);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("counter", counter);
        json.put("stateVersion", 0L);
        json.put("timestamp", timestamp);
        return json;
    }

    /** Reads the JSON form; a missing version starts at counter 0. */
    public static DataVersion fromJson(JsonNode json, long now) {
        return new DataVersion(json.path("timestamp").asLong(now), json.path("counter").asLong(0));
    }
}
