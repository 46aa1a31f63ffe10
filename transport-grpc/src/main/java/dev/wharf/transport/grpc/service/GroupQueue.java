package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.Resource;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.MessageQueues;
import dev.wharf.transport.spi.RemotingCommand;

/**
 * One consumer group's view of one queue, as the pull and offset RPCs name it, checked once.
 *
 * @param group the consumer group
 * @param topic the queue's topic
 * @param queueId the queue
 * @param brokerName the broker the client named, for the {@code bname} header
 */
record GroupQueue(String group, String topic, int queueId, String brokerName) {

    static GroupQueue of(Resource group, MessageQueue queue) {
        return new GroupQueue(ResourceNames.group(group.getName()), ResourceNames.topic(queue.getTopic().getName()),
                MessageQueues.id(queue), MessageQueues.brokerName(queue));
    }

    /** A request about this queue, with the group, topic, queue and broker headers every such command has. */
    RemotingCommand.Builder request(int code) {
        return RemotingCommand.request(code)
                .extField("consumerGroup", group)
                .extField("topic", topic)
                .extField("queueId", queueId)
                .extField("bname", brokerName);
    }

    /** {@code offset}, when it is one a queue can have. */
    static long validOffset(long offset) {
        if (offset < 0) {
            throw new GrpcStatusException(Code.ILLEGAL_OFFSET, "offset must not be negative, got " + offset);
        }
        return offset;
    }
}
