package dev.wharf.transport.grpc.convert;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.DigestType;
import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.SystemProperties;
import dev.wharf.message.MessageIds;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class MessageViewsTest {

    private static final InetSocketAddress STORE_HOST = new InetSocketAddress("10.0.0.7", 10911);
    private static final InetSocketAddress BORN_HOST = new InetSocketAddress("10.0.0.9", 52000);
    private static final byte[] BODY = "hello, wharf".getBytes(StandardCharsets.UTF_8);

    @Test
    void aNormalMessageShowsEveryFieldTheSdkReads() {
        StoredMessage stored = stored(MessageRecord.builder("orders", 3)
                .body(BODY)
                .property(MessageProperties.TAGS, "TagA")
                .property(MessageProperties.KEYS, "k1 k2")
                .property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "01A0B1C2D3E4F5000100000001000000AB")
                .property("color", "blue")
                .property(MessageProperties.WAIT_STORE_MSG_OK, "true")
                .property(MessageProperties.POP_CK, "0 1 2 0 0 broker-a 3 41")
                .property(MessageProperties.TRANSIENT_PREFIX + "TOPIC_SYS_FLAG", "0")
                .bornTimestamp(1_700_000_000_123L)
                .bornHost(BORN_HOST)
                .reconsumeTimes(2), 41, 4096, 1_700_000_000_456L);

        Message message = MessageViews.toMessage(stored, "the-handle", 3);

        assertThat(message.getTopic().getName()).isEqualTo("orders");
        assertThat(message.getBody().toByteArray()).isEqualTo(BODY);
        assertThat(message.getUserPropertiesMap()).containsExactly(java.util.Map.entry("color", "blue"));
        SystemProperties system = message.getSystemProperties();
        assertThat(system.getTag()).isEqualTo("TagA");
        assertThat(system.getKeysList()).containsExactly("k1", "k2");
        assertThat(system.getMessageId()).isEqualTo("01A0B1C2D3E4F5000100000001000000AB");
        assertThat(system.getBodyDigest().getType()).isEqualTo(DigestType.MD5);
        assertThat(system.getBodyDigest().getChecksum()).isEqualTo(md5(BODY)).isUpperCase();
        assertThat(system.getBodyEncoding()).isEqualTo(Encoding.IDENTITY);
        assertThat(system.getMessageType()).isEqualTo(MessageType.NORMAL);
        assertThat(ProtoTimes.millis(system.getBornTimestamp())).isEqualTo(1_700_000_000_123L);
        assertThat(system.getBornHost()).isEqualTo("10.0.0.9");
        assertThat(ProtoTimes.millis(system.getStoreTimestamp())).isEqualTo(1_700_000_000_456L);
        assertThat(system.getStoreHost()).isEqualTo("10.0.0.7:10911");
        assertThat(system.getQueueId()).isEqualTo(3);
        assertThat(system.getQueueOffset()).isEqualTo(41);
        assertThat(system.getDeliveryAttempt()).isEqualTo(3);
        assertThat(system.getReceiptHandle()).isEqualTo("the-handle");
        assertThat(system.hasMessageGroup()).isFalse();
        assertThat(system.hasDeliveryTimestamp()).isFalse();
        assertThat(system.hasDeadLetterQueue()).isFalse();
    }

    @Test
    void withoutAClientIdTheOffsetIdNamesTheMessageAndTheAttemptCountsReconsumes() {
        StoredMessage stored = stored(MessageRecord.builder("orders", 0).body(BODY).reconsumeTimes(4), 0, 8192, 1);

        Message message = MessageViews.toMessage(stored);

        assertThat(message.getSystemProperties().getMessageId())
                .isEqualTo(MessageIds.offsetMessageId(STORE_HOST, 8192));
        assertThat(message.getSystemProperties().getDeliveryAttempt()).isEqualTo(5);
        assertThat(message.getSystemProperties().hasReceiptHandle()).isFalse();
        assertThat(message.getSystemProperties().hasTag()).isFalse();
        assertThat(message.getSystemProperties().getKeysList()).isEmpty();
    }

    @Test
    void aZlibBodyOfARemotingProducerArrivesInflatedWithTheDigestOfWhatIsSent() throws IOException {
        byte[] zlib = deflate(BODY);
        StoredMessage stored = stored(MessageRecord.builder("orders", 0).body(zlib)
                .sysFlag(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE), 0, 0, 1);

        Message message = MessageViews.toMessage(stored);

        assertThat(message.getBody().toByteArray()).isEqualTo(BODY);
        assertThat(message.getSystemProperties().getBodyEncoding()).isEqualTo(Encoding.IDENTITY);
        assertThat(message.getSystemProperties().getBodyDigest().getChecksum()).isEqualTo(md5(BODY));
    }

    @Test
    void aGzipBodyMarkedOnlyCompressedArrivesInflated() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(BODY);
        }
        StoredMessage stored = stored(MessageRecord.builder("orders", 0).body(gzip.toByteArray())
                .sysFlag(MessageSysFlag.COMPRESSED_FLAG), 0, 0, 1);

        Message message = MessageViews.toMessage(stored);

        assertThat(message.getBody().toByteArray()).isEqualTo(BODY);
        assertThat(message.getSystemProperties().getBodyEncoding()).isEqualTo(Encoding.IDENTITY);
    }

    @Test
    void anLz4BodyTheJdkCannotInflateGoesOutAsStoredMarkedCompressed() {
        byte[] lz4 = {0x04, 0x22, 0x4D, 0x18, 1, 2, 3};
        StoredMessage stored = stored(MessageRecord.builder("orders", 0).body(lz4)
                .sysFlag(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_LZ4_TYPE), 0, 0, 1);

        Message message = MessageViews.toMessage(stored);

        assertThat(message.getBody().toByteArray()).isEqualTo(lz4);
        assertThat(message.getSystemProperties().getBodyEncoding()).isEqualTo(Encoding.GZIP);
        assertThat(message.getSystemProperties().getBodyDigest().getChecksum()).isEqualTo(md5(lz4));
    }

    @Test
    void aCorruptZlibBodyIsSentAsStoredSoTheClientReportsIt() {
        byte[] garbage = {0x78, 0x01, 0x02};
        StoredMessage stored = stored(MessageRecord.builder("orders", 0).body(garbage)
                .sysFlag(MessageSysFlag.COMPRESSED_FLAG), 0, 0, 1);

        Message message = MessageViews.toMessage(stored);

        assertThat(message.getBody().toByteArray()).isEqualTo(garbage);
        assertThat(message.getSystemProperties().getBodyEncoding()).isEqualTo(Encoding.GZIP);
    }

    @Test
    void aFifoMessageCarriesItsGroupAndTraceContext() {
        StoredMessage stored = stored(MessageRecord.builder("fifo", 0).body(BODY)
                .property(MessageProperties.SHARDING_KEY, "order-17")
                .property(MessageProperties.TRACE_CONTEXT, "00-abc-def-01"), 0, 0, 1);

        SystemProperties system = MessageViews.toMessage(stored).getSystemProperties();

        assertThat(system.getMessageType()).isEqualTo(MessageType.FIFO);
        assertThat(system.getMessageGroup()).isEqualTo("order-17");
        assertThat(system.getTraceContext()).isEqualTo("00-abc-def-01");
        assertThat(MessageViews.toMessage(stored).getUserPropertiesMap()).isEmpty();
    }

    @Test
    void aTimerMessageIsADelayMessageWithItsDeliveryTime() {
        StoredMessage absolute = stored(MessageRecord.builder("delay", 0).body(BODY)
                .property(MessageProperties.TIMER_DELIVER_MS, "1700000060000"), 0, 0, 1);
        StoredMessage relative = stored(MessageRecord.builder("delay", 0).body(BODY).bornTimestamp(1_700_000_000_000L)
                .property(MessageProperties.TIMER_DELAY_SEC, "30"), 0, 0, 1);
        StoredMessage level = stored(MessageRecord.builder("delay", 0).body(BODY)
                .property(MessageProperties.DELAY_TIME_LEVEL, "3"), 0, 0, 1);

        SystemProperties system = MessageViews.toMessage(absolute).getSystemProperties();
        assertThat(system.getMessageType()).isEqualTo(MessageType.DELAY);
        assertThat(ProtoTimes.millis(system.getDeliveryTimestamp())).isEqualTo(1_700_000_060_000L);
        assertThat(ProtoTimes.millis(MessageViews.toMessage(relative).getSystemProperties().getDeliveryTimestamp()))
                .isEqualTo(1_700_000_030_000L);
        assertThat(MessageViews.toMessage(level).getSystemProperties().getMessageType()).isEqualTo(MessageType.DELAY);
    }

    @Test
    void aTransactionMessageWinsOverEveryOtherType() {
        StoredMessage stored = stored(MessageRecord.builder("tx", 0).body(BODY)
                .property(MessageProperties.TRANSACTION_PREPARED, "true")
                .property(MessageProperties.PRODUCER_GROUP, "tx")
                .property(MessageProperties.SHARDING_KEY, "g"), 0, 0, 1);

        assertThat(MessageViews.toMessage(stored).getSystemProperties().getMessageType())
                .isEqualTo(MessageType.TRANSACTION);
    }

    @Test
    void aDeadLetterShowsWhereItCameFromAndTheProducersOwnBornHost() {
        StoredMessage stored = stored(MessageRecord.builder("%DLQ%billing", 0).body(BODY)
                .property(MessageProperties.DLQ_ORIGIN_TOPIC, "orders")
                .property(MessageProperties.DLQ_ORIGIN_MESSAGE_ID, "ID-1")
                .property(MessageProperties.BORN_HOST, "producer-host"), 0, 0, 1);

        SystemProperties system = MessageViews.toMessage(stored).getSystemProperties();

        assertThat(system.getDeadLetterQueue().getTopic()).isEqualTo("orders");
        assertThat(system.getDeadLetterQueue().getMessageId()).isEqualTo("ID-1");
        assertThat(system.getBornHost()).isEqualTo("producer-host");
    }

    private static StoredMessage stored(MessageRecord.Builder record, long queueOffset, long commitLogOffset,
            long storeTimestamp) {
        byte[] encoded = StoredMessageCodec.encode(record.build(), STORE_HOST);
        StoredMessageCodec.stamp(ByteBuffer.wrap(encoded), 0, queueOffset, commitLogOffset, storeTimestamp);
        return StoredMessageCodec.decode(ByteBuffer.wrap(encoded));
    }

    private static byte[] deflate(byte[] body) throws IOException {
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
            out.write(body);
        }
        return zlib.toByteArray();
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
