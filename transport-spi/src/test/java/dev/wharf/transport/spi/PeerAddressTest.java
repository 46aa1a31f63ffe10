package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerAddressTest {

    @Test
    void aPlainHostPortLeavesTheProtocolToNegotiation() {
        PeerAddress address = PeerAddress.parse("broker-a:10911");

        assertThat(address).isEqualTo(new PeerAddress(ProtocolType.AUTO, false, "broker-a", 10911));
        assertThat(address.negotiates()).isTrue();
        assertThat(address).hasToString("broker-a:10911");
    }

    @Test
    void aSchemeNamesTheProtocolAndTls() {
        assertThat(PeerAddress.parse("remoting://127.0.0.1:9876"))
                .isEqualTo(new PeerAddress(ProtocolType.REMOTING, false, "127.0.0.1", 9876));
        assertThat(PeerAddress.parse("REMOTING+TLS://broker-a:10911"))
                .isEqualTo(new PeerAddress(ProtocolType.REMOTING, true, "broker-a", 10911));
        assertThat(PeerAddress.parse("grpc://proxy:8081"))
                .isEqualTo(new PeerAddress(ProtocolType.GRPC, false, "proxy", 8081));
        assertThat(PeerAddress.parse("grpc+tls://proxy:8081").tls()).isTrue();
        assertThat(PeerAddress.parse("mqtt://edge:1883").protocol()).isEqualTo(ProtocolType.of("mqtt"));
        assertThat(PeerAddress.parse("remoting+tls://broker-a:10911").negotiates()).isFalse();
    }

    @Test
    void readsIpv6WithAndWithoutBracketsAndWritesItBackWithThem() {
        assertThat(PeerAddress.parse("[::1]:9876").host()).isEqualTo("::1");
        assertThat(PeerAddress.parse("fe80::1:9876"))
                .isEqualTo(new PeerAddress(ProtocolType.AUTO, false, "fe80::1", 9876));
        assertThat(PeerAddress.parse("remoting+tls://[::1]:9876")).hasToString("remoting+tls://[::1]:9876");
        assertThat(PeerAddress.parse("remoting+tls://[::1]:9876").hostAndPort()).isEqualTo("[::1]:9876");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "broker-a", ":9876", "broker-a:", "broker-a:port", "broker-a:70000", "broker-a:0",
            "remoting://", "remoting://broker-a", "remoting://broker-a:10911/path"})
    void refusesWhatIsNotHostPort(String address) {
        assertThatThrownBy(() -> PeerAddress.parse(address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port")
                .hasMessageContaining("'" + address + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"://broker-a:1", "+tls://broker-a:1", "re moting://broker-a:1", "auto://broker-a:1"})
    void refusesASchemeThatNamesNoProtocol(String address) {
        assertThatThrownBy(() -> PeerAddress.parse(address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(address);
    }
}
