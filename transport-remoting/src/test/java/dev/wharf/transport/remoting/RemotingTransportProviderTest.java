package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.spi.TransportRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemotingTransportProviderTest {

    private final TransportContext context = TransportContext.builder().ioThreads(1).build();
    private final TransportRegistry registry = TransportRegistry.load(context, getClass().getClassLoader());

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void isFoundByTheServiceLoaderAsTheRemotingFallback() {
        TransportProvider provider = registry.provider(ProtocolType.REMOTING).orElseThrow();

        assertThat(provider).isInstanceOf(RemotingTransportProvider.class);
        assertThat(provider.versions()).containsExactly("1");
        assertThat(provider.newAdopter(context, ServerConfig.of("127.0.0.1", 0)).orElseThrow().detector())
                .as("Remoting has no magic bytes").isEmpty();
        assertThat(provider.newServer(context, ServerConfig.of("127.0.0.1", 0)))
                .isInstanceOf(NettyRemotingServer.class)
                .satisfies(server -> assertThat(server.protocol()).isEqualTo(ProtocolType.REMOTING));
    }

    @Test
    void makesRemotingClientsAlsoForAuto() {
        try (RemotingClient remoting = registry.createClient(ProtocolType.REMOTING, ClientOptions.defaults());
                RemotingClient auto = registry.createClient(ProtocolType.AUTO, ClientOptions.defaults())) {
            assertThat(remoting).isInstanceOf(NettyRemotingClient.class);
            assertThat(auto).isInstanceOf(NettyRemotingClient.class);
        }
    }

    @Test
    void namesTheServerOptionWithABadValue() {
        ServerConfig badFrame = ServerConfig.of("127.0.0.1", 0).withOption(NettyRemotingServer.MAX_FRAME_LENGTH_OPTION, "16MB");
        ServerConfig badIdle = ServerConfig.of("127.0.0.1", 0).withOption(NettyRemotingServer.IDLE_TIMEOUT_OPTION, "-PT1S");

        assertThatThrownBy(() -> new NettyRemotingServer(context, badFrame))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFrameLength");
        assertThatThrownBy(() -> new NettyRemotingServer(context, badIdle))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout");
    }
}
