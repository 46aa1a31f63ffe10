package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.TransportContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NettyRemotingClientTest {

    @Test
    void readsHostPortAddressesIncludingIpv6() {
        assertThat(NettyRemotingClient.socketAddress("broker-a:10911"))
                .isEqualTo(InetSocketAddress.createUnresolved("broker-a", 10911));
        assertThat(NettyRemotingClient.socketAddress("[::1]:9876"))
                .isEqualTo(InetSocketAddress.createUnresolved("::1", 9876));
        assertThat(NettyRemotingClient.socketAddress("fe80::1:9876"))
                .isEqualTo(InetSocketAddress.createUnresolved("fe80::1", 9876));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "broker-a", ":9876", "broker-a:", "broker-a:port", "broker-a:70000"})
    void refusesWhatIsNotHostPort(String address) {
        assertThatThrownBy(() -> NettyRemotingClient.socketAddress(address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
    }

    @Test
    void failsTheCallForABadAddressInsteadOfThrowing() {
        try (TransportContext context = TransportContext.builder().ioThreads(1).build();
                NettyRemotingClient client = new NettyRemotingClient(context, ClientOptions.defaults())) {
            assertThat(client.invoke("nowhere", RemotingCommand.request(RequestCode.HEART_BEAT).build(),
                            Duration.ofSeconds(1)))
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalArgumentException.class);
        }
    }
}
