package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SystemProperties;
import com.google.protobuf.ByteString;
import dev.wharf.message.MessageIds;
import dev.wharf.message.MessageProperties;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.net.InetSocketAddress;
import java.util.Map;

/** Messages as an SDK sends them, and a broker answering sends as Wharf's does. */
final class Sends {

    static final String MESSAGE_ID = "01A1B2C3D4E5F6000100000001000000AA";
    static final long QUEUE_OFFSET = 7;
    static final long COMMIT_LOG_OFFSET = 4096;

    private Sends() {}

    /** A normal message of {@code topic} with id {@link #MESSAGE_ID} and body "hello". */
    static Message.Builder message(String topic) {
        return Message.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic))
                .setBody(ByteString.copyFromUtf8("hello"))
                .setSystemProperties(SystemProperties.newBuilder()
                        .setMessageId(MESSAGE_ID)
                        .setMessageType(MessageType.NORMAL)
                        .setQueueId(2));
    }

    /** Answers sends with SUCCESS at {@link #QUEUE_OFFSET} / {@link #COMMIT_LOG_OFFSET}, as the broker does. */
    static RecordingBroker acceptSends(RecordingBroker broker) {
        return broker.on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("msgId", MessageIds.offsetMessageId(new InetSocketAddress("10.0.0.5", 10911), COMMIT_LOG_OFFSET))
                .extField("queueId", HeaderReader.of(request).requiredString("queueId"))
                .extField("queueOffset", QUEUE_OFFSET)
                .extField("transactionId", properties(request).get(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
                .extField(MessageProperties.MSG_REGION, "DefaultRegion")
                .build());
    }

    static Map<String, String> properties(RemotingCommand send) {
        return MessageProperties.decode(send.extField("properties"));
    }
}
