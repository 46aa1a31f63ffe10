package dev.wharf.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The admin requests the CLI sends, with the header fields and bodies Apache RocketMQ's own admin tool
 * ({@code mqadmin}) uses, so the same commands work against a RocketMQ broker.
 */
final class AdminRequests {

    /** Read and write permission, as every ordinary topic has. */
    private static final int PERM_READ_WRITE = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminRequests() {}

    static RemotingCommand createTopic(String topic, int queues, TopicMessageType type) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .extField("topic", topic)
                .extField("defaultTopic", "TBW102")
                .extField("readQueueNums", queues)
                .extField("writeQueueNums", queues)
                .extField("perm", PERM_READ_WRITE)
                .extField("topicFilterType", "SINGLE_TAG")
                .extField("topicSysFlag", 0)
                .extField("order", false)
                .extField("attributes", "+" + TopicMessageType.ATTRIBUTE + "=" + type.name())
                .build();
    }

    /** The broker's half of a topic deletion; the NameServer's half is {@link #deleteTopicFromNameServer}. */
    static RemotingCommand deleteTopicInBroker(String topic) {
        return RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).extField("topic", topic).build();
    }

    static RemotingCommand deleteTopicFromNameServer(String topic) {
        return RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).extField("topic", topic).build();
    }

    static RemotingCommand listTopics() {
        return RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER).build();
    }

    /** A subscription group; fields left out of the body keep the broker's defaults. */
    static RemotingCommand createGroup(String group, OptionalInt maxRetries, boolean fifo) {
        ObjectNode config = JSON.createObjectNode().put("groupName", group).put("consumeMessageOrderly", fifo);
        maxRetries.ifPresent(retries -> config.put("retryMaxTimes", retries));
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(config.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** Deletes the group and its consumer offsets. */
    static RemotingCommand deleteGroup(String group) {
        return RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP)
                .extField("groupName", group)
                .extField("cleanOffset", true)
                .build();
    }

    static RemotingCommand listGroups() {
        return RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG).build();
    }

    static RemotingCommand consumeStats(String group) {
        return RemotingCommand.request(RequestCode.GET_CONSUME_STATS).extField("consumerGroup", group).build();
    }
}
