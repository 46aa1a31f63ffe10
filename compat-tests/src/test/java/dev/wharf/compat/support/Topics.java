package dev.wharf.compat.support;

import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Creates topics with a message type ({@code +message.type=DELAY}, RocketMQ 5.x topic attributes), which
 * the 4.9 client's own {@code createTopic} cannot express: an UPDATE_AND_CREATE_TOPIC request built by
 * hand, sent straight to the broker over the client's Remoting classes, which both client lines share.
 *
 * <pre>{@code
 * Topics.create(server.server(), topic, 4, "DELAY");
 * }</pre>
 */
public final class Topics {

    private static final int UPDATE_AND_CREATE_TOPIC = 17;
    private static final int SUCCESS = 0;
    private static final int READ_WRITE = 6;
    private static final long TIMEOUT_MILLIS = 5_000;

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
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        try {
            RemotingCommand answer = client.invokeSync(server.brokerAddress(), request, TIMEOUT_MILLIS);
            if (answer.getCode() != SUCCESS) {
                throw new IllegalStateException("creating " + topic + " failed: " + answer.getCode() + " "
                        + answer.getRemark());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (RemotingException e) {
            throw new IllegalStateException("creating " + topic + " failed", e);
        } finally {
            client.shutdown();
        }
    }
}
