package dev.wharf.bench;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageRequestMode;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * Switches a consumer group to POP on every master broker of a topic (SET_MESSAGE_REQUEST_MODE, what
 * {@code mqadmin setConsumeMode -m POP} sends), so that a push consumer without client rebalance is
 * assigned its queues in POP mode. Uses a short-lived client instance of its own.
 */
final class PopAssignment {

    private static final long TIMEOUT_MILLIS = 5_000;
    /** Every consumer of the group pops every queue of a broker (queue id -1). */
    private static final int SHARE_ALL_QUEUES = 0;

    private PopAssignment() {}

    static void requestPop(String nameServer, String topic, String group) throws MQClientException {
        try (RemotingApi remoting = RemotingApi.start(nameServer, "admin")) {
            MQClientAPIImpl api = remoting.calls();
            for (BrokerData broker : api.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MILLIS).getBrokerDatas()) {
                api.setMessageRequestMode(broker.getBrokerAddrs().get(MixAll.MASTER_ID), topic, group,
                        MessageRequestMode.POP, SHARE_ALL_QUEUES, TIMEOUT_MILLIS);
            }
        } catch (Exception e) {
            throw new MQClientException("cannot set POP mode for group " + group + " on topic " + topic, e);
        }
    }
}
