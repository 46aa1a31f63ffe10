package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.PublishResult;
import java.util.List;

/** The result of publishing one message, as MQTT needs it: stored, or a refusal to close the connection over. */
final class PublishOutcome {

    private PublishOutcome() {}

    /** @throws MessagingException with the broker's or the checks' reason when the message was refused */
    static Void requireStored(List<PublishResult> results) {
        if (results.get(0) instanceof PublishResult.Refused refused) {
            throw new MessagingException(refused.error());
        }
        return null;
    }
}
