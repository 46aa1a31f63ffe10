package dev.wharf.compat.support;

import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.common.message.Message;

/**
 * What a test puts into a message and expects back unchanged: tag, keys and body.
 *
 * @param tags the single tag
 * @param keys the (space-separated) keys
 * @param body the body as UTF-8 text
 */
public record Payload(String tags, String keys, String body) {

    /** A payload whose keys and body are derived from {@code name}, so each one is distinct. */
    public static Payload named(String tags, String name) {
        return new Payload(tags, "key-" + name, "body of " + name);
    }

    public static Payload of(Message message) {
        return new Payload(message.getTags(), message.getKeys(), new String(message.getBody(), StandardCharsets.UTF_8));
    }

    public Message toMessage(String topic) {
        return new Message(topic, tags, keys, body.getBytes(StandardCharsets.UTF_8));
    }
}
