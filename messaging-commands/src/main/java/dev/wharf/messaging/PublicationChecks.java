package dev.wharf.messaging;

import dev.wharf.message.ReservedProperties;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * What a message must satisfy before it is sent on, checked as Apache RocketMQ's proxy checks it, each
 * problem refused with its own code and a message naming it: body size, message id, tag, keys, message
 * group, user properties (not RocketMQ's own names, not too many, not too large), delivery time and
 * orphaned-transaction recovery time.
 *
 * @param maxBodySize largest body, bytes
 * @param maxDeliveryDelay furthest a delivery time may lie ahead
 */
public record PublicationChecks(int maxBodySize, Duration maxDeliveryDelay) {

    public static final int MAX_USER_PROPERTIES = 128;
    /** User properties, tag and keys together, in characters. */
    public static final int MAX_USER_PROPERTIES_SIZE = 16 * 1024;
    public static final int MAX_MESSAGE_GROUP_BYTES = 64;
    public static final Duration MAX_ORPHANED_TRANSACTION_RECOVERY = Duration.ofHours(1);

    /** The broker's 4 MiB body limit and its 24-hour timer horizon, unless the listener says otherwise. */
    public static final int DEFAULT_MAX_BODY_SIZE = 4 << 20;
    public static final Duration DEFAULT_MAX_DELIVERY_DELAY = Duration.ofDays(1);

    /**
     * The limits a listener was started with: the gateway passes the broker's {@code maxBodySize} and
     * {@code maxDeliveryDelay} to every listener, so every protocol refuses what the broker would.
     */
    public static PublicationChecks from(ServerConfig config) {
        return new PublicationChecks(config.intOption("maxBodySize", DEFAULT_MAX_BODY_SIZE),
                config.durationOption("maxDeliveryDelay", DEFAULT_MAX_DELIVERY_DELAY));
    }

    /**
     * Refuses the message's first problem with a {@link MessagingException}.
     *
     * @param nowMillis the gateway's clock, for the delivery time
     */
    public void check(Publication message, long nowMillis) {
        checkBody(message.body().length);
        if (message.messageId() != null) {
            checkMessageId(message.messageId());
        }
        if (message.tag() != null) {
            checkTag(message.tag());
        }
        message.keys().forEach(PublicationChecks::checkKey);
        if (message.messageGroup() != null) {
            checkMessageGroup(message.messageGroup());
        }
        checkUserProperties(message);
        if (message.deliverAtMillis() != null) {
            checkDeliveryTime(message.deliverAtMillis(), nowMillis);
        }
        if (message.transaction() != null && message.transaction().checkImmunitySeconds() != null) {
            checkRecoveryDuration(message.transaction().checkImmunitySeconds() * 1000);
        }
        if (message.traceContext() != null && hasControlCharacter(message.traceContext())) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "the trace context contains a control character");
        }
    }

    private void checkBody(int size) {
        if (size == 0) {
            throw new MessagingException(ErrorCode.MESSAGE_BODY_EMPTY, "the message body is empty");
        }
        if (size > maxBodySize) {
            throw new MessagingException(ErrorCode.MESSAGE_BODY_TOO_LARGE,
                    "the message body is " + size + " bytes, more than the limit of " + maxBodySize);
        }
    }

    private static void checkMessageId(String id) {
        if (id.isBlank()) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_ID, "the message id is blank");
        }
        if (hasControlCharacter(id)) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_ID, "the message id contains a control character");
        }
    }

    private static void checkTag(String tag) {
        if (tag.isBlank()) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_TAG, "the tag is blank");
        }
        if (tag.contains("|")) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_TAG,
                    "the tag '" + tag + "' contains '|', which separates tags in filter expressions");
        }
        if (hasControlCharacter(tag)) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_TAG, "the tag contains a control character");
        }
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_KEY, "a message key is blank");
        }
        if (hasControlCharacter(key)) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_KEY, "the message key '" + printable(key)
                    + "' contains a control character");
        }
    }

    private static void checkMessageGroup(String group) {
        if (group.isBlank()) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_GROUP, "the message group is blank");
        }
        int bytes = group.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_GROUP_BYTES) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_GROUP,
                    "the message group is " + bytes + " bytes, more than the limit of " + MAX_MESSAGE_GROUP_BYTES);
        }
        if (hasControlCharacter(group)) {
            throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_GROUP, "the message group contains a control character");
        }
    }

    private static void checkUserProperties(Publication message) {
        Map<String, String> properties = message.properties();
        if (properties.size() > MAX_USER_PROPERTIES) {
            throw new MessagingException(ErrorCode.MESSAGE_PROPERTIES_TOO_LARGE, "the message has "
                    + properties.size() + " user properties, more than the limit of " + MAX_USER_PROPERTIES);
        }
        long size = (message.tag() == null ? 0 : message.tag().length())
                + message.keys().stream().mapToLong(String::length).sum();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (key == null || key.isBlank()) {
                throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_PROPERTY_KEY, "a user property key is blank");
            }
            if (ReservedProperties.isReserved(key)) {
                throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        "the user property key '" + key + "' is reserved by RocketMQ");
            }
            if (property.getValue() == null) {
                throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        "the user property '" + printable(key) + "' has no value");
            }
            if (hasControlCharacter(key) || hasControlCharacter(property.getValue())) {
                throw new MessagingException(ErrorCode.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        "the user property '" + printable(key) + "' contains a control character");
            }
            size += key.length() + property.getValue().length();
        }
        if (size > MAX_USER_PROPERTIES_SIZE) {
            throw new MessagingException(ErrorCode.MESSAGE_PROPERTIES_TOO_LARGE, "the user properties, tag and keys are "
                    + size + " characters, more than the limit of " + MAX_USER_PROPERTIES_SIZE);
        }
    }

    private void checkDeliveryTime(long deliverAtMillis, long nowMillis) {
        if (deliverAtMillis - nowMillis > maxDeliveryDelay.toMillis()) {
            throw new MessagingException(ErrorCode.ILLEGAL_DELIVERY_TIME, "the delivery time is "
                    + (deliverAtMillis - nowMillis) + " ms ahead, more than the limit of " + maxDeliveryDelay);
        }
    }

    private static void checkRecoveryDuration(long millis) {
        if (millis < 0 || millis > MAX_ORPHANED_TRANSACTION_RECOVERY.toMillis()) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "the orphaned transaction recovery duration is "
                    + millis + " ms, outside 0.." + MAX_ORPHANED_TRANSACTION_RECOVERY);
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Text safe to echo in an error message. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c ->
                out.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : String.valueOf((char) c)));
        return out.toString();
    }
}
