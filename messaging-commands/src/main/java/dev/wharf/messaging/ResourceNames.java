package dev.wharf.messaging;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.regex.Pattern;

/**
 * Topic and group names from a client, checked the way Apache RocketMQ's proxy checks them before
 * anything reaches a broker: RocketMQ's legal characters and lengths, and no access to
 * the broker's own topics.
 */
public final class ResourceNames {

    public static final int MAX_TOPIC_LENGTH = 127;
    public static final int MAX_GROUP_LENGTH = 255;

    private static final Pattern LEGAL = Pattern.compile("^[%|a-zA-Z0-9_-]+$");
    private static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";

    private ResourceNames() {}

    /** The topic's name; ILLEGAL_TOPIC when it is missing, malformed or one of the broker's own. */
    public static String topic(String name) {
        String problem = problem("topic", name, MAX_TOPIC_LENGTH);
        if (problem == null && isSystemTopic(name)) {
            problem = "the topic " + name + " is the broker's own and cannot be accessed";
        }
        if (problem != null) {
            throw new MessagingException(ErrorCode.ILLEGAL_TOPIC, problem);
        }
        return name;
    }

    /** The consumer group's name; ILLEGAL_CONSUMER_GROUP when it is missing or malformed. */
    public static String group(String name) {
        String problem = problem("consumer group", name, MAX_GROUP_LENGTH);
        if (problem != null) {
            throw new MessagingException(ErrorCode.ILLEGAL_CONSUMER_GROUP, problem);
        }
        return name;
    }

    /** Topics only the broker writes and reads (RocketMQ's system topics). */
    public static boolean isSystemTopic(String name) {
        return name.equals("TBW102") || name.equals("SCHEDULE_TOPIC_XXXX") || name.equals("TRANS_CHECK_MAX_TIME_TOPIC")
                || name.regionMatches(true, 0, SYSTEM_TOPIC_PREFIX, 0, SYSTEM_TOPIC_PREFIX.length());
    }

    private static String problem(String kind, String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return "the " + kind + " name is blank";
        }
        if (name.length() > maxLength) {
            return "the " + kind + " name '" + name + "' is longer than " + maxLength + " characters";
        }
        if (!LEGAL.matcher(name).matches()) {
            return "the " + kind + " name '" + name + "' contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
        }
        return null;
    }
}
