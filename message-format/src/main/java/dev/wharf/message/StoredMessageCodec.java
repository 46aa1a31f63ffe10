package dev.wharf.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * RocketMQ's stored-message layout ("MessageExt binary"), big-endian:
 *
 * <pre>
 * TOTALSIZE int32 | MAGICCODE int32 | BODYCRC int32 | QUEUEID int32 | FLAG int32 | QUEUEOFFSET int64
 * | PHYSICALOFFSET int64 | SYSFLAG int32 | BORNTIMESTAMP int64 | BORNHOST ip(4|16) port(int32)
 * | STORETIMESTAMP int64 | STOREHOST ip(4|16) port(int32) | RECONSUMETIMES int32
 * | PREPAREDTRANSACTIONOFFSET int64 | BODYLEN int32 body | TOPICLEN int8 (V1) or int16 (V2) topic
 * | PROPERTIESLEN int16 properties
 * </pre>
 *
 * The store encodes a record once with {@link #encode}, fills in the fields only it knows under its
 * append lock with {@link #stamp}, and from then on serves the bytes as they are; consumers decode
 * them with {@link #decode} or {@link #decodeAll}.
 */
public final class StoredMessageCodec {

    /** Magic of records whose topic length is one byte. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Magic of records whose topic length is two bytes (topics longer than 127 bytes). */
    public static final int MAGIC_V2 = 0xDAA320AB;
    /** Magic of the blank that fills the end of a commit-log segment. */
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** Largest encoded properties string, in bytes (the length is an int16). */
    public static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;
    /** Smallest possible record: IPv4 hosts, V1, empty body, topic and properties. */
    public static final int MIN_RECORD_SIZE = 91;

    /** Where QUEUEOFFSET lies in a record. */
    public static final int QUEUE_OFFSET_POSITION = 20;
    /** Where PHYSICALOFFSET (the record's commit-log offset) lies in a record. */
    public static final int PHYSICAL_OFFSET_POSITION = 28;
    /** Where SYSFLAG lies in a record. */
    public static final int SYS_FLAG_POSITION = 36;
    private static final int BORN_HOST_POSITION = 48;
    private static final int V1_TOPIC_LIMIT = 127;

    private StoredMessageCodec() {}

    /**
     * Encodes a message with queue offset, commit-log offset and store time left at 0 (see
     * {@link #stamp}). The host bits of the sys flag are set from the two addresses.
     *
     * @throws IllegalArgumentException if the properties exceed {@link #MAX_PROPERTIES_BYTES}, the topic
     *     exceeds 32767 bytes, or an address is unresolved
     */
    public static byte[] encode(MessageRecord message, InetSocketAddress storeHost) {
        byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = MessageProperties.encode(message.properties()).getBytes(StandardCharsets.UTF_8);
        if (properties.length > MAX_PROPERTIES_BYTES) {
            throw new IllegalArgumentException(
                    "properties are " + properties.length + " bytes, more than " + MAX_PROPERTIES_BYTES);
        }
        if (topic.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic is " + topic.length + " bytes, more than " + Short.MAX_VALUE);
        }
        byte[] bornIp = MessageIds.ipBytes(message.bornHost());
        byte[] storeIp = MessageIds.ipBytes(storeHost);
        boolean v2 = topic.length > V1_TOPIC_LIMIT;
        byte[] body = message.body();
        int totalSize = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + bornIp.length + 4 + 8 + storeIp.length + 4 + 4 + 8
                + 4 + body.length + (v2 ? 2 : 1) + topic.length + 2 + properties.length;

        ByteBuffer out = ByteBuffer.allocate(totalSize);
        out.putInt(totalSize)
                .putInt(v2 ? MAGIC_V2 : MAGIC_V1)
                .putInt(bodyCrc(body))
                .putInt(message.queueId())
                .putInt(message.flag())
                .putLong(0)
                .putLong(0)
                .putInt(MessageSysFlag.withHostFlags(message.sysFlag(), message.bornHost(), storeHost))
                .putLong(message.bornTimestamp())
                .put(bornIp)
                .putInt(message.bornHost().getPort())
                .putLong(0)
                .put(storeIp)
                .putInt(storeHost.getPort())
                .putInt(message.reconsumeTimes())
                .putLong(message.preparedTransactionOffset())
                .putInt(body.length)
                .put(body);
        if (v2) {
            out.putShort((short) topic.length);
        } else {
            out.put((byte) topic.length);
        }
        out.put(topic).putShort((short) properties.length).put(properties);
        return out.array();
    }

    /**
     * Writes the fields the store assigns at append time into an encoded record lying at
     * {@code recordStart} of {@code buffer} (absolute writes; the buffer's position is untouched).
     */
    public static void stamp(ByteBuffer buffer, int recordStart, long queueOffset, long commitLogOffset, long storeTimestamp) {
        buffer.putLong(recordStart + QUEUE_OFFSET_POSITION, queueOffset);
        buffer.putLong(recordStart + PHYSICAL_OFFSET_POSITION, commitLogOffset);
        int sysFlag = buffer.getInt(recordStart + SYS_FLAG_POSITION);
        buffer.putLong(recordStart + storeTimestampPosition(sysFlag), storeTimestamp);
    }

    /** Offset of STORETIMESTAMP within a record with the given sys flag. */
    public static int storeTimestampPosition(int sysFlag) {
        return BORN_HOST_POSITION + (MessageSysFlag.isBornHostV6(sysFlag) ? 16 : 4) + 4;
    }

    /** BODYCRC of a body: CRC32 masked to 31 bits. */
    public static int bodyCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** BODYCRC of {@code length} bytes of a buffer from {@code offset} (absolute; position untouched). */
    public static int bodyCrc(ByteBuffer buffer, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer.slice(offset, length));
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /**
     * Decodes the record at the buffer's position and advances the position past it. The body CRC is
     * not checked here; see {@link StoredMessage#bodyCrcMatches()}.
     *
     * @throws IllegalArgumentException if the bytes are not a complete, well-formed record
     */
    public static StoredMessage decode(ByteBuffer buffer) {
        int start = buffer.position();
        try {
            int totalSize = buffer.getInt();
            int magic = buffer.getInt();
            if (magic != MAGIC_V1 && magic != MAGIC_V2) {
                throw new IllegalArgumentException("bad magic 0x" + Integer.toHexString(magic) + " at " + start);
            }
            if (totalSize < MIN_RECORD_SIZE || totalSize > buffer.limit() - start) {
                throw new IllegalArgumentException("bad total size " + totalSize + " at " + start);
            }
            int bodyCrc = buffer.getInt();
            int queueId = buffer.getInt();
            int flag = buffer.getInt();
            long queueOffset = buffer.getLong();
            long commitLogOffset = buffer.getLong();
            int sysFlag = buffer.getInt();
            long bornTimestamp = buffer.getLong();
            InetSocketAddress bornHost = readHost(buffer, MessageSysFlag.isBornHostV6(sysFlag));
            long storeTimestamp = buffer.getLong();
            InetSocketAddress storeHost = readHost(buffer, MessageSysFlag.isStoreHostV6(sysFlag));
            int reconsumeTimes = buffer.getInt();
            long preparedTransactionOffset = buffer.getLong();
            byte[] body = readBytes(buffer, buffer.getInt());
            int topicLength = magic == MAGIC_V1 ? Byte.toUnsignedInt(buffer.get()) : Short.toUnsignedInt(buffer.getShort());
            String topic = new String(readBytes(buffer, topicLength), StandardCharsets.UTF_8);
            int propertiesLength = Short.toUnsignedInt(buffer.getShort());
            String properties = new String(readBytes(buffer, propertiesLength), StandardCharsets.UTF_8);
            if (buffer.position() - start != totalSize) {
                throw new IllegalArgumentException("record at " + start + " declares " + totalSize
                        + " bytes but its fields take " + (buffer.position() - start));
            }
            return new StoredMessage(totalSize, magic, bodyCrc, queueId, flag, queueOffset, commitLogOffset, sysFlag,
                    bornTimestamp, bornHost, storeTimestamp, storeHost, reconsumeTimes, preparedTransactionOffset,
                    body, topic, MessageProperties.decode(properties));
        } catch (BufferUnderflowException | IndexOutOfBoundsException truncated) {
            throw new IllegalArgumentException("truncated record at " + start, truncated);
        }
    }

    /** Decodes every record of a concatenation, such as a pull answer's body. */
    public static List<StoredMessage> decodeAll(byte[] records) {
        ByteBuffer buffer = ByteBuffer.wrap(records);
        List<StoredMessage> messages = new ArrayList<>();
        while (buffer.hasRemaining()) {
            messages.add(decode(buffer));
        }
        return messages;
    }

    private static InetSocketAddress readHost(ByteBuffer buffer, boolean v6) {
        byte[] ip = readBytes(buffer, v6 ? 16 : 4);
        int port = buffer.getInt();
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException | IllegalArgumentException badHost) {
            throw new IllegalArgumentException("bad host in record", badHost);
        }
    }

    private static byte[] readBytes(ByteBuffer buffer, int length) {
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("field length " + length + " exceeds the record");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }
}
