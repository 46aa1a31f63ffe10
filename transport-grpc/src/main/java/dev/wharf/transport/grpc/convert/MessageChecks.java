package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.SystemProperties;
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
public record MessageChecks(int maxBodySize, Duration maxDeliveryDelay) {

    public static final int MAX_USER_PROPERTIES = 128;
    /** User properties, tag and keys together, in characters. */
    public static final int MAX_USER_PROPERTIES_SIZE = 16 * 1024;
    public static final int MAX_MESSAGE_GROUP_BYTES = 64;
    public static final Duration MAX_ORPHANED_TRANSACTION_RECOVERY = Duration.ofHours(1);

    /** Refuses the message's first problem with a {@link GrpcStatusException}. */
    public void check(Message message, long nowMillis) {
        SystemProperties system = message.getSystemProperties();
        checkBody(message.getBody().size());
        checkMessageId(system.getMessageId());
        if (system.hasTag()) {
            checkTag(system.getTag());
        }
        system.getKeysList().forEach(MessageChecks::checkKey);
        if (system.hasMessageGroup()) {
            checkMessageGroup(system.getMessageGroup());
        }
        checkUserProperties(message.getUserPropertiesMap(), system);
        if (system.hasDeliveryTimestamp()) {
            checkDeliveryTime(ProtoTimes.millis(system.getDeliveryTimestamp()), nowMillis);
        }
        if (system.hasOrphanedTransactionRecoveryDuration()) {
            checkRecoveryDuration(ProtoTimes.millis(system.getOrphanedTransactionRecoveryDuration()));
        }
        if (system.hasTraceContext() && hasControlCharacter(system.getTraceContext())) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "the trace context contains a control character");
        }
    }

    private void checkBody(int size) {
        if (size == 0) {
            throw new GrpcStatusException(Code.MESSAGE_BODY_EMPTY, "the message body is empty");
        }
        if (size > maxBodySize) {
            throw new GrpcStatusException(Code.MESSAGE_BODY_TOO_LARGE,
                    "the message body is " + size + " bytes, more than the limit of " + maxBodySize);
        }
    }

    private static void checkMessageId(String id) {
        if (id.isBlank()) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_ID, "the message id is blank");
        }
        if (hasControlCharacter(id)) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_ID, "the message id contains a control character");
        }
    }

    private static void checkTag(String tag) {
        if (tag.isBlank()) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_TAG, "the tag is blank");
        }
        if (tag.contains("|")) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_TAG,
                    "the tag '" + tag + "' contains '|', which separates tags in filter expressions");
        }
        if (hasControlCharacter(tag)) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_TAG, "the tag contains a control character");
        }
    }

    private static void checkKey(String key) {
        if (key.isBlank()) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_KEY, "a message key is blank");
        }
        if (hasControlCharacter(key)) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_KEY, "the message key '" + printable(key)
                    + "' contains a control character");
        }
    }

    private static void checkMessageGroup(String group) {
        if (group.isBlank()) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_GROUP, "the message group is blank");
        }
        int bytes = group.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_GROUP_BYTES) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_GROUP,
                    "the message group is " + bytes + " bytes, more than the limit of " + MAX_MESSAGE_GROUP_BYTES);
        }
        if (hasControlCharacter(group)) {
            throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_GROUP, "the message group contains a control character");
        }
    }

    private static void checkUserProperties(Map<String, String> properties, SystemProperties system) {
        if (properties.size() > MAX_USER_PROPERTIES) {
            throw new GrpcStatusException(Code.MESSAGE_PROPERTIES_TOO_LARGE, "the message has "
                    + properties.size() + " user properties, more than the limit of " + MAX_USER_PROPERTIES);
        }
        long size = system.getTag().length() + system.getKeysList().stream().mapToLong(String::length).sum();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (key.isBlank()) {
                throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_PROPERTY_KEY, "a user property key is blank");
            }
            if (ReservedProperties.isReserved(key)) {
                throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        "the user property key '" + key + "' is reserved by RocketMQ");
            }
            if (hasControlCharacter(key) || hasControlCharacter(property.getValue())) {
                throw new GrpcStatusException(Code.ILLEGAL_MESSAGE_PROPERTY_KEY,
                        "the user property '" + printable(key) + "' contains a control character");
            }
            size += key.length() + property.getValue().length();
        }
        if (size > MAX_USER_PROPERTIES_SIZE) {
            throw new GrpcStatusException(Code.MESSAGE_PROPERTIES_TOO_LARGE, "the user properties, tag and keys are "
                    + size + " characters, more than the limit of " + MAX_USER_PROPERTIES_SIZE);
        }
    }

    private void checkDeliveryTime(long deliverAtMillis, long nowMillis) {
        if (deliverAtMillis - nowMillis > maxDeliveryDelay.toMillis()) {
            throw new GrpcStatusException(Code.ILLEGAL_DELIVERY_TIME, "the delivery time is "
                    + (deliverAtMillis - nowMillis) + " ms ahead, more than the limit of " + maxDeliveryDelay);
        }
    }

    private static void checkRecoveryDuration(long millis) {
        if (millis < 0 || millis > MAX_ORPHANED_TRANSACTION_RECOVERY.toMillis()) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "the orphaned transaction recovery duration is "
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
