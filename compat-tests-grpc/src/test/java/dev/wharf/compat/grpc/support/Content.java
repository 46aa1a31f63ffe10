package dev.wharf.compat.grpc.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * What a test puts into a message and expects back unchanged: tag, keys, body and user properties.
 *
 * @param tag the tag
 * @param keys the keys, in order
 * @param body the body as UTF-8 text
 * @param properties the user properties
 */
public record Content(String tag, List<String> keys, String body, Map<String, String> properties) {

    public Content {
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
    }

    /** Content derived from {@code name}, so each one is distinct: two keys, a body, two user properties. */
    public static Content named(String tag, String name) {
        return new Content(tag, List.of("key-" + name, "alt-" + name), "body of " + name,
                Map.of("origin", name, "colour", "blue"));
    }

    /** What a consumer got. */
    public static Content of(MessageView view) {
        return of(view.getTag(), view.getKeys(), view.getBody(), view.getProperties());
    }

    /** What a producer sent. */
    public static Content of(Message message) {
        return of(message.getTag(), message.getKeys(), message.getBody(), message.getProperties());
    }

    private static Content of(Optional<String> tag, Collection<String> keys, ByteBuffer body,
            Map<String, String> properties) {
        return new Content(tag.orElse(null), List.copyOf(keys), text(body), properties);
    }

    /** The body of a received message as UTF-8 text. */
    public static String text(ByteBuffer body) {
        return StandardCharsets.UTF_8.decode(body.duplicate()).toString();
    }

    /** A builder holding this content, to add a message group or a delivery time to. */
    public MessageBuilder builder(String topic) {
        MessageBuilder builder = SdkClients.PROVIDER.newMessageBuilder()
                .setTopic(topic)
                .setTag(tag)
                .setKeys(keys.toArray(String[]::new))
                .setBody(body.getBytes(StandardCharsets.UTF_8));
        properties.forEach(builder::addProperty);
        return builder;
    }

    public Message toMessage(String topic) {
        return builder(topic).build();
    }
}
