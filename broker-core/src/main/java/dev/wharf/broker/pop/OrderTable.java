package dev.wharf.broker.pop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.pop.PopOffsets.QueueKey;
import dev.wharf.broker.protocol.Json;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * The FIFO batches in flight per (topic, group, queue), written to {@code popOrderInfo.json} with the
 * consumer offsets, so a restart keeps queues blocked whose messages are still being processed and keeps
 * counting their deliveries. Batches are read and changed under their queue's pop lock.
 */
final class OrderTable {

    private final MetadataFile file;
    private final Map<QueueKey, OrderBatch> batches = new ConcurrentHashMap<>();

    OrderTable(MetadataFile file) {
        this.file = file;
    }

    Optional<OrderBatch> get(QueueKey queue) {
        return Optional.ofNullable(batches.get(queue));
    }

    void put(QueueKey queue, OrderBatch batch) {
        batches.put(queue, batch);
        file.markChanged();
    }

    void remove(QueueKey queue) {
        if (batches.remove(queue) != null) {
            file.markChanged();
        }
    }

    /** Call after changing a batch in place. */
    void changed() {
        file.markChanged();
    }

    void removeTopic(String topic) {
        if (batches.keySet().removeIf(key -> key.topic().equals(topic))) {
            file.markChanged();
        }
    }

    void load() {
        file.read().ifPresent(content -> Json.readFile(content, file.path().toString()).path("batches")
                .forEach(json -> batches.put(
                        new QueueKey(json.path("t").asText(), json.path("c").asText(), json.path("q").asInt()),
                        fromJson(json))));
    }

    /** Writes the table if it changed since the last write. */
    void flush() {
        file.writeIfChanged(() -> Json.write(toJson()));
    }

    private ObjectNode toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode list = root.putArray("batches");
        batches.forEach((queue, batch) -> {
            ObjectNode json = list.addObject();
            json.put("t", queue.topic()).put("c", queue.group()).put("q", queue.queueId());
            synchronized (batch) {
                json.put("pt", batch.popTime).put("it", batch.invisibleTime).put("n", batch.nextOffset);
                if (batch.attemptId != null) {
                    json.put("a", batch.attemptId);
                }
                ArrayNode offsets = json.putArray("o");
                ArrayNode counts = json.putArray("cn");
                ArrayNode visible = json.putArray("v");
                ArrayNode acked = json.putArray("ak");
                for (int i = 0; i < batch.offsets.length; i++) {
                    offsets.add(batch.offsets[i]);
                    counts.add(batch.counts[i]);
                    visible.add(batch.visibleAt[i]);
                    if (batch.acked.get(i)) {
                        acked.add(i);
                    }
                }
            }
        });
        return root;
    }

    private static OrderBatch fromJson(JsonNode json) {
        long[] offsets = longs(json.path("o"));
        int[] counts = StreamSupport.stream(json.path("cn").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
        OrderBatch batch = new OrderBatch(json.path("pt").asLong(), json.path("it").asLong(),
                json.hasNonNull("a") ? json.path("a").asText() : null, offsets, counts, json.path("n").asLong());
        long[] visible = longs(json.path("v"));
        System.arraycopy(visible, 0, batch.visibleAt, 0, Math.min(visible.length, batch.visibleAt.length));
        json.path("ak").forEach(index -> batch.acked.set(index.asInt()));
        return batch;
    }

    private static long[] longs(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }
}
