package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.transport.grpc.GrpcTransportProvider;
import dev.wharf.transport.remoting.RemotingTransportProvider;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerPortsTest {

    @Test
    void aListenerWithoutAPortBindsItsFirstProtocolsDefaultPortAndOneWithAPortKeepsIt() {
        List<ListenerConfig> read = GatewayConfigReader.parse("""
                listeners:
                  - {name: a, protocols: [grpc, remoting]}
                  - {name: b, protocols: [remoting]}
                  - {name: c, protocols: [grpc], port: 0}
                  - {name: d, protocols: [plaintext-test]}
                """).listeners();
        try (TransportContext context = TransportContext.builder().ioThreads(1).build()) {
            TransportRegistry transports = new TransportRegistry(context, List.of(new GrpcTransportProvider(),
                    new RemotingTransportProvider(), new PlaintextOnlyTransportProvider()));

            assertThat(ListenerSet.withPorts(read, transports)).extracting(ListenerConfig::port)
                    .containsExactly(8081, 8080, 0, ListenerConfig.DEFAULT_REMOTING_PORT);
        }
    }
}
