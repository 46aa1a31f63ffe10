package dev.wharf.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class StoredMessageCodecTest {

    private static final InetSocketAddress BORN = new InetSocketAddress("10.1.2.3", 50123);
    private static final InetSocketAddress STORE = new InetSocketAddress("10.9.8.7", 10911);

    /** Builds an IPv4/IPv4 V1 record field by field from the reference table (§2.6). */
    private static byte[] handBuiltRecord() {
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] topic = "orders".getBytes(StandardCharsets.US_ASCII);
        byte[] properties = "TAGS\u0001TagA\u0002UNIQ_KEY\u0001ABC\u0002".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(body);
        int total = 91 + body.length + topic.length + properties.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total);                                  // 1 TOTALSIZE
        b.putInt(0xDAA320A7);                             // 2 MAGICCODE V1
        b.putInt((int) (crc.getValue() & 0x7FFFFFFF));    // 3 BODYCRC
        b.putInt(3);                                      // 4 QUEUEID
        b.putInt(7);                                      // 5 FLAG
        b.putLong(42);                                    // 6 QUEUEOFFSET
        b.putLong(1_000_000L);                            // 7 PHYSICALOFFSET
        b.putInt(0x4);                                    // 8 SYSFLAG: prepared, IPv4 hosts
        b.putLong(1_700_000_000_000L);                    // 9 BORNTIMESTAMP
        b.put(new byte[] {10, 1, 2, 3}).putInt(50123);    // 10 BORNHOST
        b.putLong(1_700_000_000_500L);                    // 11 STORETIMESTAMP
        b.put(new byte[] {10, 9, 8, 7}).putInt(10911);    // 12 STOREHOST
        b.putInt(2);                                      // 13 RECONSUMETIMES
        b.putLong(999);                                   // 14 PREPARED TRANSACTION OFFSET
        b.putInt(body.length).put(body);                  // 15 BODY
        b.put((byte) topic.length).put(topic);            // 16 TOPIC
        b.putShort((short) properties.length).put(properties); // 17 PROPERTIES
        assertThat(b.hasRemaining()).isFalse();
        return b.array();
    }

    @Test
    void decodesARecordBuiltFromTheReferenceTable() {
        ByteBuffer buffer = ByteBuffer.wrap(handBuiltRecord());

        StoredMessage message = StoredMessageCodec.decode(buffer);

        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(message.totalSize()).isEqualTo(91 + 5 + 6 + 23);
        assertThat(message.magic()).isEqualTo(StoredMessageCodec.MAGIC_V1);
        assertThat(message.bodyCrcMatches()).isTrue();
        assertThat(message.queueId()).isEqualTo(3);
        assertThat(message.flag()).isEqualTo(7);
        assertThat(message.queueOffset()).isEqualTo(42);
        assertThat(message.commitLogOffset()).isEqualTo(1_000_000L);
        assertThat(message.sysFlag()).isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(message.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(message.bornHost()).isEqualTo(BORN);
        assertThat(message.storeTimestamp()).isEqualTo(1_700_000_000_500L);
        assertThat(message.storeHost()).isEqualTo(STORE);
        assertThat(message.reconsumeTimes()).isEqualTo(2);
        assertThat(message.preparedTransactionOffset()).isEqualTo(999);
        assertThat(message.body()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(message.topic()).isEqualTo("orders");
        assertThat(message.properties()).containsExactly(Map.entry("TAGS", "TagA"), Map.entry("UNIQ_KEY", "ABC"));
        assertThat(message.offsetMessageId()).isEqualTo("0A090807" + "00002A9F" + "00000000000F4240");
        assertThat(message.messageId()).isEqualTo("ABC");
    }

    @Test
    void encodesAndStampsTheSameBytesAsTheReferenceTable() {
        MessageRecord record = MessageRecord.builder("orders", 3)
                .flag(7)
                .body("hello".getBytes(StandardCharsets.US_ASCII))
                .property("TAGS", "TagA")
                .property("UNIQ_KEY", "ABC")
                .sysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE)
                .bornTimestamp(1_700_000_000_000L)
                .bornHost(BORN)
                .reconsumeTimes(2)
                .preparedTransactionOffset(999)
                .build();

        byte[] encoded = StoredMessageCodec.encode(record, STORE);
        StoredMessageCodec.stamp(ByteBuffer.wrap(encoded), 0, 42, 1_000_000L, 1_700_000_000_500L);

        assertThat(encoded).isEqualTo(handBuiltRecord());
    }

    @Test
    void stampsAtAnOffsetInsideALargerBuffer() {
        byte[] encoded = StoredMessageCodec.encode(MessageRecord.builder("t", 0).build(), STORE);
        ByteBuffer segment = ByteBuffer.allocate(100 + encoded.length);
        segment.put(100, encoded);

        StoredMessageCodec.stamp(segment, 100, 5, 100, 77);

        StoredMessage decoded = StoredMessageCodec.decode(segment.position(100));
        assertThat(decoded.queueOffset()).isEqualTo(5);
        assertThat(decoded.commitLogOffset()).isEqualTo(100);
        assertThat(decoded.storeTimestamp()).isEqualTo(77);
    }

    @Test
    void roundTripsIpv6HostsAndLongTopicsWithV2Magic() {
        String longTopic = "t".repeat(200);
        InetSocketAddress bornV6 = new InetSocketAddress("2001:db8::5", 1234);
        InetSocketAddress storeV6 = new InetSocketAddress("::1", 10911);
        MessageRecord record = MessageRecord.builder(longTopic, 1).bornHost(bornV6).body(new byte[] {1, 2, 3}).build();
        byte[] encoded = StoredMessageCodec.encode(record, storeV6);
        StoredMessageCodec.stamp(ByteBuffer.wrap(encoded), 0, 9, 8, 123);

        StoredMessage decoded = StoredMessageCodec.decode(ByteBuffer.wrap(encoded));

        assertThat(decoded.magic()).isEqualTo(StoredMessageCodec.MAGIC_V2);
        assertThat(decoded.totalSize()).isEqualTo(encoded.length).isEqualTo(91 + 24 + 1 + 3 + 200);
        assertThat(decoded.sysFlag()).isEqualTo(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOST_V6_FLAG);
        assertThat(decoded.topic()).isEqualTo(longTopic);
        assertThat(decoded.bornHost()).isEqualTo(bornV6);
        assertThat(decoded.storeHost()).isEqualTo(storeV6);
        assertThat(decoded.storeTimestamp()).isEqualTo(123);
        assertThat(decoded.offsetMessageId()).hasSize(56);
    }

    @Test
    void mixedHostFamiliesAreReadIndependently() {
        InetSocketAddress bornV6 = new InetSocketAddress("2001:db8::5", 1234);
        byte[] encoded = StoredMessageCodec.encode(MessageRecord.builder("t", 0).bornHost(bornV6).build(), STORE);
        StoredMessageCodec.stamp(ByteBuffer.wrap(encoded), 0, 1, 2, 3);

        StoredMessage decoded = StoredMessageCodec.decode(ByteBuffer.wrap(encoded));

        assertThat(decoded.bornHost()).isEqualTo(bornV6);
        assertThat(decoded.storeHost()).isEqualTo(STORE);
        assertThat(decoded.storeTimestamp()).isEqualTo(3);
    }

    @Test
    void rejectsPropertiesLongerThanAnInt16() {
        MessageRecord record = MessageRecord.builder("t", 0).property("big", "x".repeat(Short.MAX_VALUE)).build();

        assertThatThrownBy(() -> StoredMessageCodec.encode(record, STORE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("properties");
    }

    @Test
    void decodesConcatenatedRecords() {
        byte[] first = handBuiltRecord();
        byte[] second = StoredMessageCodec.encode(MessageRecord.builder("other", 1).body(new byte[] {9}).build(), STORE);
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        assertThat(StoredMessageCodec.decodeAll(both)).extracting(StoredMessage::topic).containsExactly("orders", "other");
    }

    @Test
    void rejectsBadMagicTruncationAndInconsistentSizes() {
        byte[] badMagic = handBuiltRecord();
        ByteBuffer.wrap(badMagic).putInt(4, StoredMessageCodec.BLANK_MAGIC);
        byte[] truncated = Arrays.copyOf(handBuiltRecord(), 100);
        byte[] wrongSize = handBuiltRecord();
        ByteBuffer.wrap(wrongSize).putInt(0, wrongSize.length - 1);

        for (byte[] bytes : new byte[][] {badMagic, truncated, wrongSize}) {
            assertThatThrownBy(() -> StoredMessageCodec.decode(ByteBuffer.wrap(bytes)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void detectsACorruptBodyThroughItsCrc() {
        byte[] bytes = handBuiltRecord();
        bytes[88] ^= 0x20;

        assertThat(StoredMessageCodec.decode(ByteBuffer.wrap(bytes)).bodyCrcMatches()).isFalse();
    }

    @Test
    void rebuildsARecordForReappending() {
        StoredMessage stored = StoredMessageCodec.decode(ByteBuffer.wrap(handBuiltRecord()));

        MessageRecord retry = stored.toRecord().toBuilder()
                .topic("%RETRY%group")
                .queueId(0)
                .property(MessageProperties.RETRY_TOPIC, stored.topic())
                .reconsumeTimes(stored.reconsumeTimes() + 1)
                .build();

        assertThat(retry.topic()).isEqualTo("%RETRY%group");
        assertThat(retry.body()).isEqualTo(stored.body());
        assertThat(retry.properties()).containsEntry("RETRY_TOPIC", "orders").containsEntry("UNIQ_KEY", "ABC");
        assertThat(retry.tagsCode()).isEqualTo("TagA".hashCode());
        assertThat(retry.reconsumeTimes()).isEqualTo(3);
        assertThat(retry.bornHost()).isEqualTo(BORN);
        assertThat(retry.bornTimestamp()).isEqualTo(stored.bornTimestamp());
        assertThat(retry.sysFlag()).isEqualTo(stored.sysFlag());
    }
}
