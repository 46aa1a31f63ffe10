package dev.wharf.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MessageSysFlagTest {

    @Test
    void replacesTheTransactionTypeOnly() {
        int prepared = MessageSysFlag.withTransactionType(
                MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.TRANSACTION_ROLLBACK_TYPE,
                MessageSysFlag.TRANSACTION_PREPARED_TYPE);

        assertThat(prepared).isEqualTo(0x5);
        assertThat(MessageSysFlag.transactionType(prepared)).isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(MessageSysFlag.transactionType(MessageSysFlag.withTransactionType(prepared, MessageSysFlag.TRANSACTION_COMMIT_TYPE)))
                .isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    }

    @Test
    void readsCompressionTypeZeroAsZlib() {
        assertThat(MessageSysFlag.isCompressed(0x1)).isTrue();
        assertThat(MessageSysFlag.compressionType(0x1)).isEqualTo(MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        assertThat(MessageSysFlag.compressionType(0x1 | MessageSysFlag.COMPRESSION_LZ4_TYPE))
                .isEqualTo(MessageSysFlag.COMPRESSION_LZ4_TYPE);
    }

    @Test
    void setsHostBitsFromAddressFamilies() {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 1);
        InetSocketAddress v6 = new InetSocketAddress("::1", 2);

        int flag = MessageSysFlag.withHostFlags(0x30 | 0x2, v4, v6);

        assertThat(flag).isEqualTo(0x2 | MessageSysFlag.STOREHOST_V6_FLAG);
        assertThat(MessageSysFlag.isBornHostV6(flag)).isFalse();
        assertThat(MessageSysFlag.isStoreHostV6(flag)).isTrue();
        assertThat(MessageSysFlag.withHostFlags(0, v6, v4)).isEqualTo(MessageSysFlag.BORNHOST_V6_FLAG);
    }
}
