package dev.wharf.compat.support;

import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Creates topics with a message type on a server, as {@code mqadmin updateTopic -a +message.type=...} does.
 * The request is built by hand on the client's own Remoting layer, because the 4.9 client's topic config has
 * no attributes; the same code then runs with both client lines.
 *
 * <pre>{@code
 * Topics.create(server.brokerAddress(), "payments", 4, "TRANSACTION");
 * }</pre>
 */
public final class Topics {

    /** RocketMQ's UPDATE_AND_CREATE_TOPIC request code (the class holding it moved between client lines). */
    private static final int UPDATE_AND_CREATE_TOPIC = 17;
    private static final int SUCCESS = 0;
    private static final long TIMEOUT_MILLIS = 10_000;

    private Topics() {}

    /**
     * Creates (or updates) {@code topic} with {@code queues} queues of the given {@code message.type} on the
     * broker at {@code brokerAddress} ({@link MessagingServer#brokerAddress()}).
     */
    public static void create(String brokerAddress, String topic, int queues, String messageType) {
        RemotingCommand request = RemotingCommand.createRequestCommand(UPDATE_AND_CREATE_TOPIC, null);
        request.addExtField("topic", topic);
        request.addExtField("defaultTopic", "TBW102");
        request.addExtField("readQueueNums", Integer.toString(queues));
        request.addExtField("writeQueueNums", Integer.toString(queues));
        request.addExtField("perm", "6");
        request.addExtField("topicFilterType", "SINGLE_TAG");
        request.addExtField("topicSysFlag", "0");
        request.addExtField("order", "false");
        request.addExtField("attributes", "+message.type=" + messageType);
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        try {
            RemotingCommand answer = client.invokeSync(brokerAddress, request, TIMEOUT_MILLIS);
            if (answer.getCode() != SUCCESS) {
                throw new IllegalStateException("creating topic " + topic + " failed: " + answer.getCode() + " "
                        + answer.getRemark());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("creating topic " + topic + " failed", e);
        } finally {
            client.shutdown();
        }
    }
}
