package dev.wharf.transport.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * Names a protocol. The built-in ones are constants; a plugin brings its own with {@link #of(String)},
 * which is why this is a value and not an enum.
 *
 * <pre>{@code
 * ProtocolType mqtt = ProtocolType.of("mqtt");
 * RemotingClient client = clients.createClient(ProtocolType.REMOTING, ClientOptions.defaults());
 * }</pre>
 *
 * @param name lower-case protocol name, as used in configuration and address schemes
 */
public record ProtocolType(String name) {

    /** Apache RocketMQ Remoting over TCP. */
    public static final ProtocolType REMOTING = new ProtocolType("remoting");
    /** {@code apache.rocketmq.v2.MessagingService} over gRPC. */
    public static final ProtocolType GRPC = new ProtocolType("grpc");
    /** Wharf's JSON API over HTTP/2 and HTTP/1.1 ({@code protocols: [http]} in the gateway's configuration). */
    public static final ProtocolType HTTP = new ProtocolType("http");
    /** WebSocket for browsers. */
    public static final ProtocolType WEBSOCKET = new ProtocolType("websocket");
    /** In the same process: commands handed to a processor table, no bytes, no socket. */
    public static final ProtocolType LOCAL = new ProtocolType("local");
    /** Let the client pick the best protocol both sides speak. */
    public static final ProtocolType AUTO = new ProtocolType("auto");

    public ProtocolType {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("protocol name must not be blank");
        }
        name = name.toLowerCase(Locale.ROOT);
    }

    public static ProtocolType of(String name) {
        return new ProtocolType(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
