package dev.wharf.transport.spi.local;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;

/**
 * Provides {@link ProtocolType#LOCAL} clients. There is no local server: processor tables are bound
 * directly into {@link TransportContext#localEndpoints()}.
 *
 * <pre>{@code
 * RemotingClient local = registry.createClient(ProtocolType.LOCAL, ClientOptions.defaults());
 * }</pre>
 */
public final class LocalTransportProvider implements TransportProvider {

    @Override
    public ProtocolType protocol() {
        return ProtocolType.LOCAL;
    }

    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        throw new IllegalArgumentException(
                "the local transport has no listener; bind a ProcessorTable in TransportContext.localEndpoints()");
    }

    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        return new LocalRemotingClient(context.localEndpoints());
    }
}
