package dev.wharf.broker.protocol;

/**
 * RocketMQ's {@code QueueData}: a topic's queues on one broker.
 *
 * @param brokerName the broker
 * @param perm permission bits
 * @param readQueueNums queues consumers read
 * @param topicSysFlag the topic's system flag
 * @param writeQueueNums queues producers write
 */
public record QueueData(String brokerName, int perm, int readQueueNums, int topicSysFlag, int writeQueueNums) {}
