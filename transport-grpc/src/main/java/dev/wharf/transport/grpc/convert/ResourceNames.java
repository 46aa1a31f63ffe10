package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.Resource;
import java.util.regex.Pattern;

/**
 * The names a request carries, checked as RocketMQ checks them: topics and consumer groups not blank,
 * only {@code [%|a-zA-Z0-9_-]}, at most 127 characters for a topic and 255 for a group; queue ids not
 * negative.
 */
public final class ResourceNames {

    private static final Pattern LEGAL = Pattern.compile("^[%|a-zA-Z0-9_-]+$");
    private static final int MAX_TOPIC_LENGTH = 127;
    private static final int MAX_GROUP_LENGTH = 255;

    private ResourceNames() {}

    /** @throws GrpcStatusException ILLEGAL_TOPIC naming the problem */
    public static String topic(Resource topic) {
        return checked(topic.getName(), "topic", MAX_TOPIC_LENGTH, Code.ILLEGAL_TOPIC);
    }

    /** @throws GrpcStatusException ILLEGAL_CONSUMER_GROUP naming the problem */
    public static String group(Resource group) {
        return checked(group.getName(), "consumer group", MAX_GROUP_LENGTH, Code.ILLEGAL_CONSUMER_GROUP);
    }

    /** @throws GrpcStatusException BAD_REQUEST for a negative queue id */
    public static int queueId(MessageQueue queue) {
        if (queue.getId() < 0) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "message queue id must not be negative, got " + queue.getId());
        }
        return queue.getId();
    }

    /** The queue's broker as a {@code bname} header: null when the queue names none. */
    public static String brokerName(MessageQueue queue) {
        String name = queue.getBroker().getName();
        return name.isBlank() ? null : name;
    }

    private static String checked(String name, String kind, int maxLength, Code code) {
        if (name.isBlank()) {
            throw new GrpcStatusException(code, kind + " name cannot be empty");
        }
        if (name.length() > maxLength) {
            throw new GrpcStatusException(code, kind + " name '" + name + "' is longer than " + maxLength
                    + " characters");
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new GrpcStatusException(code, kind + " name '" + name
                    + "' may only contain letters, digits, %, |, _ and -");
        }
        return name;
    }
}
