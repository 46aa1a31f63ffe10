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
    /** Where messages with an arbitrary delivery time wait. */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    /** Where transactional half messages wait for their outcome. */
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** Where the outcomes of half messages (commit or rollback) are recorded. */
    public static final String TRANS_OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Where half messages whose producer never answered the check-backs are kept. */
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /** Prefix of the broker's own topics ({@code rmq_sys_…}), upper- or lower-case. */
    public static final String SYSTEM_PREFIX = "rmq_sys_";
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
        return AUTO_CREATE_TOPIC.equals(topic) || SCHEDULE_TOPIC.equals(topic)
                || TRANS_CHECK_MAX_TIME_TOPIC.equals(topic)
                || topic.regionMatches(true, 0, SYSTEM_PREFIX, 0, SYSTEM_PREFIX.length());
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

    public static boolean isDlqTopic(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    /**
     * The retry topic POP consumption of {@code topic} by {@code group} revives into:
     * {@code %RETRY%<group>_<topic>}, Apache RocketMQ's v1 form that its clients understand.
     */
    public static String popRetryTopic(String group, String topic) {
        return RETRY_PREFIX + group + "_" + topic;
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
