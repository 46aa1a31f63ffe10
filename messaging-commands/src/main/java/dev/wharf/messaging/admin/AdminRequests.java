package dev.wharf.messaging.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The admin requests, with the header fields and bodies Apache RocketMQ's own admin tool ({@code mqadmin})
 * uses, so they work against a RocketMQ broker as well as Wharf's.
 *
 * <pre>{@code
 * RemotingCommand create = AdminRequests.createTopic("orders", 8, "FIFO");
 * }</pre>
 */
public final class AdminRequests {

    /** Read and write permission, as every ordinary topic has. */
    private static final int PERM_READ_WRITE = 6;
    /** RocketMQ's topic attribute naming the message type. */
    private static final String MESSAGE_TYPE_ATTRIBUTE = "message.type";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminRequests() {}

    /**
     * Creates a topic, or changes the queue count and type of one.
     *
     * @param messageType one of {@link TopicType}'s names, as RocketMQ spells them
     */
    public static RemotingCommand createTopic(String topic, int queues, String messageType) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .extField("topic", topic)
                .extField("defaultTopic", "TBW102")
                .extField("readQueueNums", queues)
                .extField("writeQueueNums", queues)
                .extField("perm", PERM_READ_WRITE)
                .extField("topicFilterType", "SINGLE_TAG")
                .extField("topicSysFlag", 0)
                .extField("order", false)
                .extField("attributes", "+" + MESSAGE_TYPE_ATTRIBUTE + "=" + messageType)
                .build();
    }

    /** The broker's half of a topic deletion; the NameServer's half is {@link #deleteTopicFromNameServer}. */
    public static RemotingCommand deleteTopicInBroker(String topic) {
        return RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).extField("topic", topic).build();
    }

    public static RemotingCommand deleteTopicFromNameServer(String topic) {
        return RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).extField("topic", topic).build();
    }

    public static RemotingCommand listTopics() {
        return RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER).build();
    }

    /** A topic's configuration ({@code TopicConfig}); TOPIC_NOT_EXIST when there is none. */
    public static RemotingCommand topicConfig(String topic) {
        return RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG).extField("topic", topic).build();
    }

    /** The min and max offset of each of a topic's queues ({@code TopicStatsTable}). */
    public static RemotingCommand topicStats(String topic) {
        return RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO).extField("topic", topic).build();
    }

    /** A subscription group; fields left out of the body keep the broker's defaults. */
    public static RemotingCommand createGroup(String group, OptionalInt maxRetries, boolean fifo) {
        ObjectNode config = JSON.createObjectNode().put("groupName", group).put("consumeMessageOrderly", fifo);
        maxRetries.ifPresent(retries -> config.put("retryMaxTimes", retries));
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(config.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** Deletes the group and its consumer offsets. */
    public static RemotingCommand deleteGroup(String group) {
        return RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP)
                .extField("groupName", group)
                .extField("cleanOffset", true)
                .build();
    }

    public static RemotingCommand listGroups() {
        return RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG).build();
    }

    /** The group's offsets on every topic it consumed or subscribes to ({@code ConsumeStats}). */
    public static RemotingCommand consumeStats(String group) {
        return RemotingCommand.request(RequestCode.GET_CONSUME_STATS).extField("consumerGroup", group).build();
    }
}
