package dev.wharf.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdsTest {

    @Test
    void encodesIpv4HostPortAndOffsetAsUppercaseHex() {
        String id = MessageIds.offsetMessageId(new InetSocketAddress("10.0.0.7", 10911), 0xABCDEFL);

        assertThat(id).isEqualTo("0A000007" + "00002A9F" + "0000000000ABCDEF").hasSize(32);
    }

    @Test
    void roundTripsIpv4AndIpv6() {
        InetSocketAddress v4 = new InetSocketAddress("192.168.1.20", 8080);
        InetSocketAddress v6 = new InetSocketAddress("fe80::1", 10911);

        String v6Id = MessageIds.offsetMessageId(v6, Long.MAX_VALUE);

        assertThat(MessageIds.decode(MessageIds.offsetMessageId(v4, 42)))
                .isEqualTo(new MessageIds.OffsetMessageId(v4, 42));
        assertThat(v6Id).hasSize(56);
        assertThat(MessageIds.decode(v6Id)).isEqualTo(new MessageIds.OffsetMessageId(v6, Long.MAX_VALUE));
    }

    @Test
    void acceptsLowercase() {
        assertThat(MessageIds.decode("0a00000700002a9f0000000000abcdef").commitLogOffset()).isEqualTo(0xABCDEFL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0A000007", "0A00000700002A9F0000000000ABCDEG", "0A000007FFFFFFFF0000000000ABCDEF",
            "0A00000700002A9F8000000000000000", "0A00000700002A9F0000000000ABCDEF00"})
    void rejectsMalformedIds(String id) {
        assertThatThrownBy(() -> MessageIds.decode(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> MessageIds.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
