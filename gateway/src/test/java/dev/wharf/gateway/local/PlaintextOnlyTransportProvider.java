package dev.wharf.gateway.local;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;

/** A plugin-like transport that serves no TLS, for the gateway's refusal of a tls section it cannot honour. */
public final class PlaintextOnlyTransportProvider implements TransportProvider {

    /** Its protocol's name. */
    public static final ProtocolType PROTOCOL = ProtocolType.of("plaintext-test");

    @Override
    public ProtocolType protocol() {
        return PROTOCOL;
    }

    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        throw new UnsupportedOperationException("only its refusal of TLS is tested");
    }

    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException("only its refusal of TLS is tested");
    }
}
