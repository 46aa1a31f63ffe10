package dev.wharf.transport.http2.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.spi.messaging.Delivery;

/**
 * A delivered message as the API shows it: {@code messageId, topic, tag, keys, properties, body, encoding,
 * compressed?, messageGroup, bornTime, deliveryTime, queue, offset, deliveryAttempt, receiptHandle}. Times
 * are epoch milliseconds; absent values are left out.
 */
final class DeliveryJson {

    private DeliveryJson() {}

    static ObjectNode of(Delivery delivery, BodyEncoding encoding) {
        ObjectNode json = Json.object()
                .put("messageId", delivery.messageId())
                .put("topic", delivery.topic());
        if (delivery.tag() != null) {
            json.put("tag", delivery.tag());
        }
        delivery.keys().forEach(json.putArray("keys")::add);
        ObjectNode properties = json.putObject("properties");
        delivery.userProperties().forEach(properties::put);
        BodyEncoding.Encoded body = encoding.encode(delivery.body(), delivery.compressed());
        json.put("body", body.body()).put("encoding", body.encoding());
        if (delivery.compressed()) {
            // LZ4 or ZSTD from a Remoting producer: the gateway cannot inflate it; the client may.
            json.put("compressed", true);
        }
        if (delivery.messageGroup() != null) {
            json.put("messageGroup", delivery.messageGroup());
        }
        json.put("bornTime", delivery.bornTimestamp());
        if (delivery.deliverAtMillis() != null) {
            json.put("deliveryTime", delivery.deliverAtMillis());
        }
        return json.put("queue", delivery.queueId())
                .put("offset", delivery.queueOffset())
                .put("deliveryAttempt", delivery.deliveryAttempt())
                .put("receiptHandle", delivery.receiptHandle());
    }
}
