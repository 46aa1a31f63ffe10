package dev.wharf.broker.topic;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules and reserved names of RocketMQ topics and groups: the legal characters, the retry and
 * dead-letter topics derived from a group, and the broker's own topics.
 */
public final class TopicNames {

    /** The key topic whose route lets producers auto-create topics on first send. */
    public static final String AUTO_CREATE_TOPIC = "TBW102";
    /** Where delayed messages wait, one queue per delay level. */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    public static final int MAX_TOPIC_LENGTH = 127;
    public static final int MAX_GROUP_LENGTH = 255;

    private static final Pattern LEGAL = Pattern.compile("^[%|a-zA-Z0-9_-]+$");

    private TopicNames() {}

    /** What is wrong with a topic name a client or an admin chose, if anything. */
    public static Optional<String> topicProblem(String topic) {
        return nameProblem("topic", topic, MAX_TOPIC_LENGTH);
    }

    /** What is wrong with a group name, if anything. */
    public static Optional<String> groupProblem(String group) {
        return nameProblem("group", group, MAX_GROUP_LENGTH);
    }

    /** Topics only the broker writes: sending to them directly is refused. */
    public static boolean isSystemTopic(String topic) {
        return AUTO_CREATE_TOPIC.equals(topic) || SCHEDULE_TOPIC.equals(topic);
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetryTopic(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    /** The group a {@code %RETRY%} topic belongs to. */
    public static String groupOfRetryTopic(String retryTopic) {
        return retryTopic.substring(RETRY_PREFIX.length());
    }

    private static Optional<String> nameProblem(String kind, String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return Optional.of("the " + kind + " name is blank");
        }
        if (name.length() > maxLength) {
            return Optional.of("the " + kind + " name '" + name + "' is longer than " + maxLength + " characters");
        }
        if (!LEGAL.matcher(name).matches()) {
            return Optional.of("the " + kind + " name '" + name
                    + "' contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
        }
        return Optional.empty();
    }
}
