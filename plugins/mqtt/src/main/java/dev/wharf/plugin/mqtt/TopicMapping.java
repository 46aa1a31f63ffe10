package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.messaging.Delivery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * How MQTT topic names map onto RocketMQ (docs/PLUGINS.md): the first level is the RocketMQ topic, the levels
 * after it, joined with {@code /} and escaped, are the tag, and the whole MQTT topic travels in the user
 * property {@value #TOPIC_PROPERTY}. {@code factory/line-1/temperature} is topic {@code factory}, tag
 * {@code line-1/temperature}; {@code factory} alone has no tag.
 *
 * <p>A tag may not hold {@code |} (it separates tags in filter expressions), control characters, or be
 * {@code *} (every tag), and its ends are trimmed; so {@code %}, {@code |}, {@code *}, space and control
 * characters of the levels are written as {@code %XX} of their UTF-8 bytes.
 */
final class TopicMapping {

    /** The user property holding the original MQTT topic name. */
    static final String TOPIC_PROPERTY = "mqttTopic";

    private static final Pattern ROCKETMQ_TOPIC = Pattern.compile("^[%|a-zA-Z0-9_-]{1,127}$");

    private TopicMapping() {}

    /**
     * Where an MQTT topic name is stored.
     *
     * @param topic the RocketMQ topic
     * @param tag the tag; null when the MQTT topic has a single level
     */
    record Destination(String topic, String tag) {}

    /** @throws IllegalArgumentException naming the problem, when the topic cannot be stored */
    static Destination destination(String mqttTopic) {
        int slash = mqttTopic.indexOf('/');
        String topic = slash < 0 ? mqttTopic : mqttTopic.substring(0, slash);
        checkTopic(topic, mqttTopic);
        String rest = slash < 0 ? "" : mqttTopic.substring(slash + 1);
        return new Destination(topic, rest.isEmpty() ? null : escape(rest));
    }

    /**
     * @throws IllegalArgumentException when {@code topic}, the first level of {@code mqttName}, is no RocketMQ topic,
     *     or is the topic retained messages are kept in, which MQTT clients may neither write nor read
     */
    static void checkTopic(String topic, String mqttName) {
        if (!ROCKETMQ_TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("the first level '" + topic + "' of MQTT topic '" + mqttName
                    + "' is not a RocketMQ topic name (1 to 127 of a-z A-Z 0-9 _ - % |)");
        }
        if (topic.equals(RetainedStore.TOPIC)) {
            throw new IllegalArgumentException("the first level '" + topic + "' of MQTT topic '" + mqttName
                    + "' is reserved: it holds the retained messages");
        }
    }

    /**
     * The MQTT topic a delivery is published under: the {@value #TOPIC_PROPERTY} property of messages an MQTT
     * client published, else the RocketMQ topic and, when it has one, {@code /} and the unescaped tag.
     */
    static String mqttTopic(Delivery delivery) {
        String original = delivery.userProperties().get(TOPIC_PROPERTY);
        if (original != null) {
            return original;
        }
        return delivery.tag() == null || delivery.tag().isEmpty()
                ? delivery.topic() : delivery.topic() + "/" + unescape(delivery.tag());
    }

    static String escape(String levels) {
        StringBuilder out = new StringBuilder(levels.length());
        for (int i = 0; i < levels.length(); i++) {
            char c = levels.charAt(i);
            if (c == '%' || c == '|' || c == '*' || c == ' ' || Character.isISOControl(c)) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #escape}; a {@code %} not followed by two hex digits stays as it is. */
    static String unescape(String tag) {
        if (tag.indexOf('%') < 0) {
            return tag;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(tag.length());
        byte[] bytes = tag.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
