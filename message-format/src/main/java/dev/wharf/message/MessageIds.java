package dev.wharf.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * RocketMQ's offset message id: uppercase hex of the store host's IP (4 or 16 bytes), its port
 * (int32) and the record's commit-log offset (int64), 32 characters for IPv4 and 56 for IPv6.
 * Clients hand it back (END_TRANSACTION, VIEW_MESSAGE_BY_ID), so it must decode to a store offset.
 *
 * <pre>{@code
 * String id = MessageIds.offsetMessageId(new InetSocketAddress("10.0.0.7", 10911), 4096);
 * long offset = MessageIds.decode(id).commitLogOffset();   // 4096
 * }</pre>
 */
public final class MessageIds {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int IPV4_ID_LENGTH = 2 * (4 + 4 + 8);
    private static final int IPV6_ID_LENGTH = 2 * (16 + 4 + 8);

    private MessageIds() {}

    /** What an offset message id names. */
    public record OffsetMessageId(InetSocketAddress storeHost, long commitLogOffset) {}

    /**
     * Builds the offset id of a record.
     *
     * @throws IllegalArgumentException if the address is unresolved
     */
    public static String offsetMessageId(InetSocketAddress storeHost, long commitLogOffset) {
        byte[] ip = ipBytes(storeHost);
        ByteBuffer raw = ByteBuffer.allocate(ip.length + 4 + 8);
        raw.put(ip).putInt(storeHost.getPort()).putLong(commitLogOffset);
        return HEX.formatHex(raw.array());
    }

    /**
     * Decodes an offset id (either case).
     *
     * @throws IllegalArgumentException if the id is not 32 or 56 hex characters
     */
    public static OffsetMessageId decode(String id) {
        if (id == null || (id.length() != IPV4_ID_LENGTH && id.length() != IPV6_ID_LENGTH)) {
            throw new IllegalArgumentException("not an offset message id: " + id);
        }
        ByteBuffer raw;
        try {
            raw = ByteBuffer.wrap(HexFormat.of().parseHex(id));
        } catch (IllegalArgumentException notHex) {
            throw new IllegalArgumentException("not an offset message id: " + id, notHex);
        }
        byte[] ip = new byte[id.length() == IPV4_ID_LENGTH ? 4 : 16];
        raw.get(ip);
        int port = raw.getInt();
        long offset = raw.getLong();
        if (port < 0 || port > 0xFFFF || offset < 0) {
            throw new IllegalArgumentException("offset message id out of range: " + id);
        }
        try {
            return new OffsetMessageId(new InetSocketAddress(InetAddress.getByAddress(ip), port), offset);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException("bad address in offset message id: " + id, impossible);
        }
    }

    /** The raw IP bytes of a resolved address. */
    static byte[] ipBytes(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        return ip.getAddress();
    }
}
