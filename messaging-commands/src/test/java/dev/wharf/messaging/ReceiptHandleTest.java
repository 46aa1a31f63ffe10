package dev.wharf.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import org.junit.jupiter.api.Test;

class ReceiptHandleTest {

    @Test
    void aHandleIsTheBrokersReceiptAndTheCommitLogOffset() {
        ReceiptHandle handle = ReceiptHandle.of("12 1700000000000 60000 0 1 broker-a 3 14", 8192);

        assertThat(handle.encode()).isEqualTo("12 1700000000000 60000 0 1 broker-a 3 14 8192");
        assertThat(ReceiptHandle.decode(handle.encode())).isEqualTo(handle);
        assertThat(handle.extraInfo()).isEqualTo("12 1700000000000 60000 0 1 broker-a 3 14");
        assertThat(handle.expiresAt()).isEqualTo(1_700_000_060_000L);
        assertThat(handle.isExpired(1_700_000_059_999L)).isFalse();
        assertThat(handle.isExpired(1_700_000_060_000L)).isTrue();
    }

    @Test
    void anEightFieldHandleHasNoCommitLogOffset() {
        assertThat(ReceiptHandle.decode("12 1700000000000 60000 0 0 broker-a 3 14").commitLogOffset()).isEqualTo(-1);
    }

    @Test
    void theRetryFlagNamesTheTopicToAckOn() {
        assertThat(handle("0").realTopic("orders", "billing")).isEqualTo("orders");
        assertThat(handle("1").realTopic("orders", "billing")).isEqualTo("%RETRY%billing_orders");
        assertThat(handle("2").realTopic("orders", "billing")).isEqualTo("%RETRY%billing+orders");
        assertThat(handle("1").realTopic("%RETRY%billing_orders", "billing")).isEqualTo("%RETRY%billing_orders");
    }

    @Test
    void aRenewedHandleStartsAtTheMessagesOwnOffset() {
        ReceiptHandle renewed = handle("1").renewed(1_700_000_050_000L, 30_000, 0);

        assertThat(renewed.encode()).isEqualTo("14 1700000050000 30000 0 1 broker-a 3 14 8192");
    }

    @Test
    void malformedHandlesAreInvalid() {
        for (String text : new String[] {"", "1 2 3", "a 1700000000000 60000 0 0 broker-a 3 14"}) {
            assertThatThrownBy(() -> ReceiptHandle.decode(text))
                    .isInstanceOfSatisfying(MessagingException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RECEIPT_HANDLE));
        }
    }

    private static ReceiptHandle handle(String retryFlag) {
        return ReceiptHandle.decode("12 1700000000000 60000 0 " + retryFlag + " broker-a 3 14 8192");
    }
}
