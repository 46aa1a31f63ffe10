package dev.wharf.transport.spi;

import java.util.List;
import java.util.Optional;

/**
 * A protocol, pluggable: found with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/dev.wharf.transport.spi.TransportProvider}, it makes servers and clients of
 * its protocol on the shared {@link TransportContext}. docs/PLUGINS.md walks through writing one, with the MQTT
 * plugin ({@code plugins/mqtt}) as the example below.
 *
 * <pre>{@code
 * public final class MqttTransportProvider implements TransportProvider {
 *     public ProtocolType protocol() { return ProtocolType.of("mqtt"); }
 *     public List<String> versions() { return List.of("3.1.1"); }
 *     public RemotingServer newServer(TransportContext context, ServerConfig config) {
 *         return new MqttServer(context, config, MqttOptions.from(config));
 *     }
 *     public Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
 *         return Optional.of(new MqttAdopter(context, config));   // for unified ports
 *     }
 *     public RemotingClient newClient(TransportContext context, ClientOptions options) {
 *         throw new UnsupportedOperationException("the MQTT transport serves clients only");
 *     }
 * }
 * }</pre>
 */
public interface TransportProvider {

    ProtocolType protocol();

    /** Versions of the protocol this provider speaks, best first. */
    default List<String> versions() {
        return List.of("1");
    }

    /** Breaks ties when several providers could serve a request for a protocol; higher wins. */
    default int priority() {
        return 0;
    }

    /**
     * Whether this provider's servers serve TLS, configured by the {@code tls.*} options of their
     * {@link ServerConfig} ({@code tls.mode}, {@code tls.certPath}, {@code tls.keyPath},
     * {@code tls.keyPassword}). A gateway refuses a TLS setting for a listener whose provider says no,
     * rather than serving it in the clear.
     */
    default boolean servesTls() {
        return false;
    }

    /** A server that is configured but not started. */
    RemotingServer newServer(TransportContext context, ServerConfig config);

    /**
     * This protocol's side of a unified port, configured but not started; empty when the protocol cannot
     * share a port. {@code config} holds the listener's options without the {@code tls.*} ones: the port
     * serves TLS for all its protocols.
     *
     * @throws IllegalArgumentException when an option has a bad value, naming it
     */
    default Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
        return Optional.empty();
    }

    /** A client; it connects lazily, per address. */
    RemotingClient newClient(TransportContext context, ClientOptions options);
}
