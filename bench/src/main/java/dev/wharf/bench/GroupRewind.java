package dev.wharf.bench;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;

/**
 * Makes a consumer group start at the first message of every queue of a topic, with the Remoting commands
 * {@code mqadmin} would send: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP on every master broker of the topic, then, per
 * queue, GET_MIN_OFFSET and UPDATE_CONSUMER_OFFSET. A gRPC consumer's receive (a POP on the broker) starts at the
 * committed offset, so a drain reads the whole backlog whatever the server does for groups that never consumed.
 */
final class GroupRewind {

    private static final long TIMEOUT_MILLIS = 5_000;

    private GroupRewind() {}

    static void toFirstMessages(String nameServer, String topic, String group) throws MQClientException {
        try (RemotingApi remoting = RemotingApi.start(nameServer, "rewind")) {
            MQClientAPIImpl api = remoting.calls();
            TopicRouteData route = api.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MILLIS);
            for (BrokerData broker : route.getBrokerDatas()) {
                String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
                api.createSubscriptionGroup(address, groupConfig(group), TIMEOUT_MILLIS);
                for (QueueData queues : route.getQueueDatas()) {
                    if (queues.getBrokerName().equals(broker.getBrokerName())) {
                        rewind(api, address, topic, broker.getBrokerName(), queues.getReadQueueNums(), group);
                    }
                }
            }
        } catch (Exception e) {
            throw new MQClientException("cannot rewind group " + group + " on topic " + topic, e);
        }
    }

    /** A group with the broker's defaults, as {@code mqadmin updateSubGroup -g group} creates it. */
    private static SubscriptionGroupConfig groupConfig(String group) {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(group);
        return config;
    }

    /** Commits each queue's first offset for the group on the broker at {@code address}. */
    private static void rewind(MQClientAPIImpl api, String address, String topic, String brokerName, int queueCount,
            String group) throws Exception {
        for (int queueId = 0; queueId < queueCount; queueId++) {
            MessageQueue queue = new MessageQueue(topic, brokerName, queueId);
            UpdateConsumerOffsetRequestHeader header = new UpdateConsumerOffsetRequestHeader();
            header.setConsumerGroup(group);
            header.setTopic(topic);
            header.setQueueId(queueId);
            header.setCommitOffset(api.getMinOffset(address, queue, TIMEOUT_MILLIS));
            api.updateConsumerOffset(address, header, TIMEOUT_MILLIS);
        }
    }
}
