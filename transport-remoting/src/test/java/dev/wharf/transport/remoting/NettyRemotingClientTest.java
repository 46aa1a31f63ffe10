package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.PeerAddress;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.TransportContext;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class NettyRemotingClientTest {

    @Test
    void reachesPlainAndRemotingAddressesOnly() {
        assertThat(NettyRemotingClient.remotingPeer("broker-a:10911"))
                .isEqualTo(new PeerAddress(ProtocolType.AUTO, false, "broker-a", 10911));
        assertThat(NettyRemotingClient.remotingPeer("remoting+tls://[::1]:9876"))
                .isEqualTo(new PeerAddress(ProtocolType.REMOTING, true, "::1", 9876));
        assertThatThrownBy(() -> NettyRemotingClient.remotingPeer("grpc://broker-a:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grpc://broker-a:8081")
                .hasMessageContaining("create a client for grpc");
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
