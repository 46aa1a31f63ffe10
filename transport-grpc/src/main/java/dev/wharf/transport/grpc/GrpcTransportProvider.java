package dev.wharf.transport.grpc;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.grpc.unified.GrpcOpeningDetector;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolDetector;
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
import java.util.OptionalInt;

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

    /** Apache RocketMQ Proxy's gRPC port, where the 5.x SDKs' endpoints usually point. */
    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.of(8081);
    }

    @Override
    public List<OptionSpec> options() {
        return GrpcServerOptions.SCHEMA;
    }

    /** The HTTP/2 preface followed by a request of content type {@code application/grpc}. */
    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new GrpcOpeningDetector());
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
        return new GrpcListener(context, config, options,
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
