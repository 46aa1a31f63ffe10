package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Provides {@link ProtocolType#REMOTING}: Apache RocketMQ's Remoting protocol over TCP, version "1".
 * Its adopter has no detector: Remoting opens with no magic bytes, so it is the fallback of a shared port.
 *
 * <pre>{@code
 * TransportRegistry transports = TransportRegistry.load(context, loader);
 * RemotingServer server = transports.provider(ProtocolType.REMOTING).orElseThrow()
 *         .newServer(context, ServerConfig.of("0.0.0.0", 10911));
 * RemotingClient brokers = transports.createClient(ProtocolType.REMOTING, ClientOptions.defaults());
 * }</pre>
 */
public final class RemotingTransportProvider implements TransportProvider {

    @Override
    public ProtocolType protocol() {
        return ProtocolType.REMOTING;
    }

    /** Apache RocketMQ Proxy's Remoting port. */
    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.of(8080);
    }

    @Override
    public List<OptionSpec> options() {
        return NettyRemotingServer.SCHEMA;
    }

    /** TLS by the {@code tls.*} options ({@link dev.wharf.transport.tls.TlsOptions}); plaintext without them. */
    @Override
    public boolean servesTls() {
        return true;
    }

    /** @return a {@link NettyRemotingServer} */
    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        return new NettyRemotingServer(context, config);
    }

    /** Remoting as a unified port's fallback: a {@link RemotingAdopter}. */
    @Override
    public Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
        return Optional.of(new RemotingAdopter(context, config));
    }

    /** @return a {@link NettyRemotingClient} */
    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        return new NettyRemotingClient(context, options);
    }
}
