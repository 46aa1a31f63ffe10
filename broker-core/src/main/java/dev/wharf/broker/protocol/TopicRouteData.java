package dev.wharf.broker.protocol;

import java.util.List;
import java.util.Map;

/**
 * RocketMQ's {@code TopicRouteData}, written as standard JSON (quoted broker-id keys), which every official
 * client since 4.9.4 asks for and older ones accept.
 *
 * @param brokerDatas the brokers holding the topic
 * @param filterServerTable always empty
 * @param queueDatas the topic's queues per broker
 * @param orderTopicConf the topic's {@code ORDER_TOPIC_CONFIG} entry ({@code brokerName:queues;...}), which
 *     producers take as the topic's queues; {@code null} (left out) for every other topic
 */
public record TopicRouteData(
        List<BrokerData> brokerDatas,
        Map<String, List<String>> filterServerTable,
        List<QueueData> queueDatas,
        String orderTopicConf) {}
