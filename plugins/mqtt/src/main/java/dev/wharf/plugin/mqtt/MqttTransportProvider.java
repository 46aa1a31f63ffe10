package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ProtocolDetector;
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
 * MQTT 3.1.1 ({@code protocols: [mqtt]}), over TCP and over WebSocket (subprotocol {@code mqtt}) on the same
 * port: publishes become sends, subscriptions become POP consumption, PUBACKs become acks (docs/PLUGINS.md).
 * Built on transport-spi alone. Server only.
 */
public final class MqttTransportProvider implements TransportProvider {

    /** MQTT's registered port, for a listener that names none. */
    public static final int DEFAULT_PORT = 1883;

    @Override
    public ProtocolType protocol() {
        return MqttConnection.MQTT;
    }

    @Override
    public List<String> versions() {
        return List.of("3.1.1");
    }

    /** MQTT's registered port. */
    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.of(DEFAULT_PORT);
    }

    /** Credentials, the QoS 1 window, long polls, the WebSocket path and the pool (docs/PLUGINS.md). */
    @Override
    public List<OptionSpec> options() {
        return MqttOptions.SCHEMA;
    }

    /**
     * A CONNECT packet of MQTT 3.1.1, or the WebSocket handshake for the default path {@code /mqtt}; a listener
     * with another {@code websocketPath} recognises that one on its unified port.
     */
    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new MqttDetector(MqttOptions.DEFAULT_WEBSOCKET_PATH));
    }

    /**
     * An MQTT listener; its options are read here, so a bad one fails before anything is bound.
     *
     * @throws IllegalArgumentException when an option has a bad value, naming it
     */
    @Override
    public RemotingServer newServer(TransportContext context, ServerConfig config) {
        return new MqttServer(context, config, MqttOptions.from(config));
    }

    /** MQTT (and MQTT over WebSocket) on a unified port, recognised by its CONNECT packet or handshake path. */
    @Override
    public Optional<ChannelAdopter> newAdopter(TransportContext context, ServerConfig config) {
        return Optional.of(new MqttAdopter(context, config));
    }

    /** @throws UnsupportedOperationException always: Wharf serves MQTT clients, it is not one */
    @Override
    public RemotingClient newClient(TransportContext context, ClientOptions options) {
        throw new UnsupportedOperationException("the MQTT transport serves clients only");
    }
}
