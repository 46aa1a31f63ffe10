package dev.wharf.broker.protocol;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@code Map<MessageQueue, V>} the way fastjson does and the official clients read it: each key is
 * the queue as a JSON <em>object</em>, e.g. {@code {{"brokerName":"b","queueId":0,"topic":"t"}:{…}}}.
 * This is not standard JSON, but it is what {@code TopicStatsTable} and {@code ConsumeStats} decode.
 *
 * <pre>{@code
 * String body = "{\"offsetTable\":" + QueueKeyedJson.write(offsets) + "}";
 * }</pre>
 */
public final class QueueKeyedJson {

    private QueueKeyedJson() {}

    /** The map as a fastjson object with object keys, entries in queue order. */
    public static String write(Map<MessageQueue, ?> table) {
        StringBuilder json = new StringBuilder(64 + table.size() * 128).append('{');
        for (Map.Entry<MessageQueue, ?> entry : new TreeMap<>(table).entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(Json.writeString(entry.getKey())).append(':').append(Json.writeString(entry.getValue()));
        }
        return json.append('}').toString();
    }
}
