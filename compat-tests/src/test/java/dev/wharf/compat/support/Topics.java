package dev.wharf.compat.support;

import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Creates topics with a message type ({@code +message.type=DELAY}, RocketMQ 5.x topic attributes), which
 * the 4.9 client's own {@code createTopic} cannot express: an UPDATE_AND_CREATE_TOPIC request built by
 * hand, sent straight to the broker.
 *
 * <pre>{@code
 * Topics.create(server.server(), topic, 4, "DELAY");
 * }</pre>
 */
public final class Topics {

    private static final int UPDATE_AND_CREATE_TOPIC = 17;
    private static final int READ_WRITE = 6;

    private Topics() {}

    /** Creates (or updates) {@code topic} with {@code queues} read and write queues of {@code messageType}. */
    public static void create(MessagingServer server, String topic, int queues, String messageType) {
        RemotingCommand request = RemotingCommand.createRequestCommand(UPDATE_AND_CREATE_TOPIC, (CommandCustomHeader) null);
        request.addExtField("topic", topic);
        request.addExtField("defaultTopic", "TBW102");
        request.addExtField("readQueueNums", Integer.toString(queues));
        request.addExtField("writeQueueNums", Integer.toString(queues));
        request.addExtField("perm", Integer.toString(READ_WRITE));
        request.addExtField("topicFilterType", "SINGLE_TAG");
        request.addExtField("topicSysFlag", "0");
        request.addExtField("order", "false");
        request.addExtField("attributes", "+message.type=" + messageType);
        AdminRequests.send(server, request, "creating " + topic);
    }
}
