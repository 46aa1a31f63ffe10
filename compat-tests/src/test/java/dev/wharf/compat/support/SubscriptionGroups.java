package dev.wharf.compat.support;

import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Creates consumer groups with settings of the test's choosing: an UPDATE_AND_CREATE_SUBSCRIPTIONGROUP request
 * whose body is RocketMQ's {@code SubscriptionGroupConfig} JSON, written by hand because that class moved
 * packages between the two client lines.
 *
 * <pre>{@code
 * SubscriptionGroups.create(server.server(), group, true, 16);   // a FIFO group
 * }</pre>
 */
public final class SubscriptionGroups {

    private static final int UPDATE_AND_CREATE_SUBSCRIPTIONGROUP = 200;

    private SubscriptionGroups() {}

    /**
     * Creates (or updates) {@code group}.
     *
     * @param orderly whether the group consumes in order ({@code consumeMessageOrderly}): a FIFO group for the
     *     5.x SDKs
     * @param retryMaxTimes redeliveries of a failing message before it goes to {@code %DLQ%<group>}
     */
    public static void create(MessagingServer server, String group, boolean orderly, int retryMaxTimes) {
        RemotingCommand request =
                RemotingCommand.createRequestCommand(UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, (CommandCustomHeader) null);
        request.setBody("""
                {"groupName":"%s","consumeEnable":true,"consumeFromMinEnable":true,"consumeBroadcastEnable":true,\
                "consumeMessageOrderly":%b,"retryQueueNums":1,"retryMaxTimes":%d,"brokerId":0,\
                "whichBrokerWhenConsumeSlowly":1,"notifyConsumerIdsChangedEnable":true,"groupSysFlag":0,\
                "consumeTimeoutMinute":15}""".formatted(group, orderly, retryMaxTimes)
                .getBytes(StandardCharsets.UTF_8));
        AdminRequests.send(server, request, "creating group " + group);
    }
}
