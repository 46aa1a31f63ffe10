package dev.wharf.message;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * RocketMQ's MessageSysFlag bits, carried in send headers and in every stored record.
 *
 * <pre>{@code
 * int flag = MessageSysFlag.withTransactionType(0, MessageSysFlag.TRANSACTION_PREPARED_TYPE);
 * MessageSysFlag.transactionType(flag) == MessageSysFlag.TRANSACTION_PREPARED_TYPE;
 * }</pre>
 */
public final class MessageSysFlag {

    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
    /** Bits 2–3: one of the four transaction types above. */
    public static final int TRANSACTION_TYPE_MASK = 0xC;
    public static final int BORNHOST_V6_FLAG = 0x10;
    public static final int STOREHOST_V6_FLAG = 0x20;
    public static final int NEED_UNWRAP_FLAG = 0x40;
    public static final int INNER_BATCH_FLAG = 0x80;
    public static final int COMPRESSION_LZ4_TYPE = 0x100;
    public static final int COMPRESSION_ZSTD_TYPE = 0x200;
    /** Also what a compressed record with type bits 0 means (old senders). */
    public static final int COMPRESSION_ZLIB_TYPE = 0x300;
    /** Bits 8–10: the compression type. */
    public static final int COMPRESSION_TYPE_MASK = 0x700;

    private MessageSysFlag() {}

    /** The transaction type bits of a flag. */
    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_TYPE_MASK;
    }

    /** The flag with its transaction type replaced. */
    public static int withTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_TYPE_MASK) | (type & TRANSACTION_TYPE_MASK);
    }

    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED_FLAG) != 0;
    }

    /** The compression type of a compressed flag; ZLIB when the type bits are 0, as RocketMQ reads it. */
    public static int compressionType(int sysFlag) {
        int type = sysFlag & COMPRESSION_TYPE_MASK;
        return type == 0 ? COMPRESSION_ZLIB_TYPE : type;
    }

    public static boolean isBornHostV6(int sysFlag) {
        return (sysFlag & BORNHOST_V6_FLAG) != 0;
    }

    public static boolean isStoreHostV6(int sysFlag) {
        return (sysFlag & STOREHOST_V6_FLAG) != 0;
    }

    /** The flag with its two host bits set to match the families of the given addresses. */
    public static int withHostFlags(int sysFlag, InetSocketAddress bornHost, InetSocketAddress storeHost) {
        int flag = sysFlag & ~(BORNHOST_V6_FLAG | STOREHOST_V6_FLAG);
        if (isIpv6(bornHost)) {
            flag |= BORNHOST_V6_FLAG;
        }
        if (isIpv6(storeHost)) {
            flag |= STOREHOST_V6_FLAG;
        }
        return flag;
    }

    private static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }
}
