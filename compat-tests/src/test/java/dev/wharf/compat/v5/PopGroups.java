package dev.wharf.compat.v5;

import dev.wharf.compat.admin.Admins;
import dev.wharf.compat.support.Waits;
import java.util.List;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageRequestMode;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Group settings a POP test needs, made with {@link DefaultMQAdminExt} on every master broker of the topic:
 * the request mode that turns a push consumer without client rebalance into a POP consumer
 * (SET_MESSAGE_REQUEST_MODE, answered in QUERY_ASSIGNMENT), and the group's retry maximum.
 */
final class PopGroups {

    /** Every consumer of the group pops from every queue (queue id -1), as the Apache broker does for 0. */
    private static final int POP_SHARE_ALL_QUEUES = 0;

    private PopGroups() {}

    /**
     * Makes {@code group} consume {@code topic} by POP. The topic must exist (send to it first). A push
     * consumer of the group must also call {@code setClientRebalance(false)}, or it never asks.
     */
    static void usePop(String nameServer, String topic, String group) {
        withAdmin(nameServer, admin -> {
            for (String master : masters(admin, topic)) {
                admin.setMessageRequestMode(master, topic, group, MessageRequestMode.POP, POP_SHARE_ALL_QUEUES,
                        Admins.TIMEOUT_MILLIS);
            }
        });
    }

    /**
     * Creates (or updates) {@code group} on every broker of {@code topic} with at most {@code retryMaxTimes}
     * redeliveries before a message goes to {@code %DLQ%<group>}.
     */
    static void limitRetries(String nameServer, String topic, String group, int retryMaxTimes) {
        withAdmin(nameServer, admin -> {
            SubscriptionGroupConfig config = new SubscriptionGroupConfig();
            config.setGroupName(group);
            config.setRetryMaxTimes(retryMaxTimes);
            for (String master : masters(admin, topic)) {
                admin.createAndUpdateSubscriptionGroupConfig(master, config);
            }
        });
    }

    private static List<String> masters(DefaultMQAdminExt admin, String topic) throws Exception {
        List<BrokerData> brokers = Waits.atMostBound("route of " + topic)
                .ignoreExceptions()
                .until(() -> admin.examineTopicRouteInfo(topic).getBrokerDatas(), found -> !found.isEmpty());
        return brokers.stream().map(broker -> broker.getBrokerAddrs().get(MixAll.MASTER_ID)).toList();
    }

    private static void withAdmin(String nameServer, AdminAction action) {
        DefaultMQAdminExt admin = Admins.started(nameServer);
        try {
            action.run(admin);
        } catch (Exception e) {
            throw new IllegalStateException("admin request to " + nameServer + " failed", e);
        } finally {
            admin.shutdown();
        }
    }

    @FunctionalInterface
    private interface AdminAction {
        void run(DefaultMQAdminExt admin) throws Exception;
    }
}
