package dev.wharf.transport.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TckGatewayTest {

    @TempDir
    Path dataDir;

    @Test
    void aProviderThatIsNotRegisteredAsAServiceIsRefusedNamingTheServicesFile() {
        assertThatThrownBy(() -> TckGateway.start(new Unregistered(), Map.of(), false, dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Unregistered.class.getName())
                .hasMessageContaining("META-INF/services/dev.wharf.transport.spi.TransportProvider");
    }

    /** A provider the gateway could never find: no services entry names it. */
    private static final class Unregistered implements TransportProvider {
        @Override
        public ProtocolType protocol() {
            return ProtocolType.of("unregistered");
        }

        @Override
        public RemotingServer newServer(TransportContext context, ServerConfig config) {
            throw new UnsupportedOperationException("never started");
        }

        @Override
        public RemotingClient newClient(TransportContext context, ClientOptions options) {
            throw new UnsupportedOperationException("never started");
        }
    }
}
