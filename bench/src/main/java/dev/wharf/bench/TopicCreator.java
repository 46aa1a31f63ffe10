package dev.wharf.bench;

import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Creates a topic of message type DELAY with UPDATE_AND_CREATE_TOPIC sent straight to a broker (for Wharf,
 * its Remoting port, which is name server and broker in one), since the client's own {@code createTopic}
 * cannot set the {@code message.type} attribute.
 */
final class TopicCreator {

    private static final int UPDATE_AND_CREATE_TOPIC = 17;
    private static final long TIMEOUT_MILLIS = 5_000;

    private TopicCreator() {}

    static void createDelayTopic(String brokerAddress, String topic, int queues) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(UPDATE_AND_CREATE_TOPIC, (CommandCustomHeader) null);
        request.addExtField("topic", topic);
        request.addExtField("defaultTopic", "TBW102");
        request.addExtField("readQueueNums", Integer.toString(queues));
        request.addExtField("writeQueueNums", Integer.toString(queues));
        request.addExtField("perm", "6");
        request.addExtField("topicFilterType", "SINGLE_TAG");
        request.addExtField("topicSysFlag", "0");
        request.addExtField("order", "false");
        request.addExtField("attributes", "+message.type=DELAY");
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        try {
            RemotingCommand answer = client.invokeSync(brokerAddress, request, TIMEOUT_MILLIS);
            if (answer.getCode() != 0) {
                throw new IllegalStateException("creating " + topic + " failed: " + answer.getCode() + " " + answer.getRemark());
            }
        } finally {
            client.shutdown();
        }
    }
}
