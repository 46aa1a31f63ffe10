package dev.wharf.messaging.testing;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Stored records and POP_MESSAGE answers shaped like the broker's. */
public final class PopAnswers {

    public static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);
    public static final String BROKER = "broker-a";
    public static final long POP_TIME = 1_700_000_000_000L;

    private PopAnswers() {}

    /** A stored record of {@code topic} with a client id, a tag and a body named after the id. */
    public static byte[] record(String topic, int queueId, long queueOffset, long commitLogOffset, String tag,
            int reconsumeTimes) {
        MessageRecord.Builder message = MessageRecord.builder(topic, queueId)
                .body(("body-" + queueOffset).getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "ID-" + topic + "-" + queueOffset)
                .reconsumeTimes(reconsumeTimes);
        if (tag != null) {
            message.property(MessageProperties.TAGS, tag);
        }
        return stamped(message.build(), queueOffset, commitLogOffset);
    }

    public static byte[] stamped(MessageRecord message, long queueOffset, long commitLogOffset) {
        byte[] encoded = StoredMessageCodec.encode(message, STORE_HOST);
        StoredMessageCodec.stamp(ByteBuffer.wrap(encoded), 0, queueOffset, commitLogOffset, POP_TIME - 5);
        return encoded;
    }

    /** A found answer: the records of normal queues, each queue's checkpoint starting at {@code startOffset}. */
    public static RemotingCommand found(RemotingCommand request, String startOffsetInfo, byte[]... records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] record : records) {
            body.writeBytes(record);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("popTime", POP_TIME)
                .extField("invisibleTime", request.extField("invisibleTime"))
                .extField("reviveQid", 0)
                .extField("restNum", 0)
                .extField("startOffsetInfo", startOffsetInfo)
                .extField("msgOffsetInfo", "")
                .body(body.toByteArray())
                .build();
    }

    public static RemotingCommand empty(RemotingCommand request, int code) {
        return RemotingCommand.responseTo(request, code)
                .extField("popTime", POP_TIME)
                .extField("invisibleTime", request.extField("invisibleTime"))
                .extField("reviveQid", 0)
                .extField("restNum", 0)
                .remark("no new message")
                .build();
    }
}
