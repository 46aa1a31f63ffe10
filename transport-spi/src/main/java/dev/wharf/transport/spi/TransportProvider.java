package dev.wharf.transport.spi;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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
 *     public OptionalInt defaultPort() { return OptionalInt.of(1883); }
 *     public List<OptionSpec> options() {
 *         return List.of(OptionSpec.duration("keepAlive", "60s", "longest keep-alive a client may ask for"));
 *     }
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
 *
 * <p>A gateway loads providers from its class path and from its plugin folder, each plugin in a class loader
 * of its own that sees this package, Netty, SLF4J and Micrometer of the gateway's classes and nothing else.
 */
public interface TransportProvider {

    /** The protocol's name in configuration ({@code protocols: [mqtt]}); one provider per name. */
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

    /**
     * The port a listener of only this protocol binds when its configuration names none; empty for the
     * gateway's default (8080).
     */
    default OptionalInt defaultPort() {
        return OptionalInt.empty();
    }

    /**
     * Every option this provider's servers and adopters read from their {@link ServerConfig}, besides the
     * {@code tls.*} ones and those a gateway adds for every transport ({@code maxBodySize},
     * {@code maxDeliveryDelay}, {@code validateMessageType}). The gateway refuses a listener option that no
     * protocol of the listener lists, or whose value does not fit; the default, an empty list, means the
     * provider takes no options.
     */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * How this protocol is recognised on a shared port: the detector its {@link ChannelAdopter} uses, declared
     * here too so that a gateway can refuse at start-up two providers whose detectors claim the same bytes with
     * the same priority, whether or not a listener puts them on one port. Empty for a protocol without magic
     * bytes (a port's fallback) or one that cannot share a port.
     */
    default Optional<ProtocolDetector> detector() {
        return Optional.empty();
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
