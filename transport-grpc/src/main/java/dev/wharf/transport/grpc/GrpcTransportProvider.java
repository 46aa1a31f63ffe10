package dev.wharf.transport.grpc;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tls.ServerSslContexts;
import dev.wharf.transport.tls.TlsSupport;
import java.util.List;
import java.util.Optional;

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
     * anything is bound. grpc-netty and the service load with the listener's first connection ({@link GrpcStack}).
     *
     * @throws IllegalArgumentException when an option or a certificate file cannot be used, naming it
     */
    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        GrpcServerOptions options = GrpcServerOptions.from(config);
        return new GrpcListener(context, options,
                TlsSupport.forOptions(options.tls(), List.of(ServerSslContexts.H2), context.clock()));
    }

    /**
     * gRPC on a unified port, for the connections whose first request is {@code application/grpc}; served
     * by grpc-netty on the connection itself, as on a port of its own.
     *
     * @throws IllegalArgumentException when an option cannot be used, naming it
     */
    @Override
    public Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
        return Optional.of(GrpcAdopter.create(context, GrpcServerOptions.from(config)));
    }

    /** @throws UnsupportedOperationException always: Wharf speaks gRPC to clients, never to brokers */
    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException(
                "the gRPC transport serves clients only; gateways reach brokers over Remoting");
    }
}
