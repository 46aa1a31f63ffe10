package dev.wharf.transport.tck;

import java.util.Map;
import java.util.Objects;

/**
 * A message as the client received it from the server.
 *
 * @param messageId the id the publish of this message answered with ({@link TckConnection#publish}); without
 *     {@link TckClaims#messageIds()}, whatever identifies the delivery in the protocol
 * @param body the body as delivered
 * @param properties the user properties as delivered (system properties left out or kept; the suite looks only
 *     for the ones it sent)
 * @param receipt what the client needs to settle the delivery ({@link TckConnection#ack}): a receipt handle,
 *     a queue offset…, in the client's own form
 */
public record TckDelivery(String messageId, byte[] body, Map<String, String> properties, String receipt) {

    public TckDelivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        properties = Map.copyOf(properties);
        Objects.requireNonNull(receipt, "receipt");
    }
}
