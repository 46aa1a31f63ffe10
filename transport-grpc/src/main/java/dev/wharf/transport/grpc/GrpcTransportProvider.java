package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.tls.TlsModeNegotiator;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import java.util.List;

/**
 * Apache RocketMQ's gRPC protocol ({@code apache.rocketmq.v2.MessagingService}) for the 5.x SDKs. Server
 * only: gateways reach brokers over Remoting, so there is no gRPC client to make.
 */
public final class GrpcTransportProvider implements TransportProvider {

    @Override
    public ProtocolType protocol() {
        return ProtocolType.GRPC;
    }

    @Override
    public List<String> versions() {
        return List.of("v2");
    }

    /** TLS and plaintext on one port, by the {@code tls.*} options ({@link dev.wharf.transport.tls.TlsOptions}). */
    @Override
    public boolean servesTls() {
        return true;
    }

    /**
     * A gRPC listener; its certificate is read (or a development one made) here, so a bad file fails before
     * anything is bound.
     *
     * @throws IllegalArgumentException when an option or a certificate file cannot be used, naming it
     */
    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        GrpcServerOptions options = GrpcServerOptions.from(config);
        return new GrpcServer(context, options, TlsModeNegotiator.forOptions(options.tls(), context.clock()));
    }

    /** @throws UnsupportedOperationException always: Wharf speaks gRPC to clients, never to brokers */
    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException(
                "the gRPC transport serves clients only; gateways reach brokers over Remoting");
    }
}
