package dev.wharf.transport.grpc;

import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ServerConfig;
import java.time.Duration;
import java.util.List;

/**
 * The gRPC listener's settings, read from a {@link ServerConfig}'s string options.
 *
 * <pre>{@code
 * GrpcServerOptions options = GrpcServerOptions.from(ServerConfig.of("0.0.0.0", 8081)
 *         .withOption("businessThreads", "8")
 *         .withOption(TlsOptions.MODE, "enforcing"));
 * }</pre>
 *
 * @param host address to bind
 * @param port port to bind, 0 for any free one
 * @param businessThreads threads of the {@value #POOL_NAME} pool that translates calls into commands
 * @param businessQueue calls that may wait for that pool before new ones are refused with TOO_MANY_REQUESTS
 * @param maxInboundMessageSize largest request message accepted, in bytes
 * @param permitKeepAliveTime shortest interval between client pings the server tolerates; the Java SDK
 *     pings every 5 minutes, with or without calls
 * @param maxBodySize largest message body a SendMessage may carry, in bytes; also told to producers in
 *     their settings, so the SDK refuses a larger body before sending it
 * @param maxDeliveryDelay the furthest ahead a message's delivery time may be
 * @param validateMessageType whether producers are told to check a message's type against its topic's
 *     before sending (the broker's own check; off when the broker's is off)
 * @param clientIdleTimeout how long a client without an open Telemetry stream may make no call before it
 *     is forgotten (the SDKs heartbeat every 10 seconds)
 * @param longPollingTimeout how long a consumer's receive call waits for messages before it returns empty; told
 *     to consumers in their settings, and how long a PushConsumer's close waits for its call in flight
 * @param flowControlWindow HTTP/2 flow-control window of every connection and call, in bytes
 * @param autoFlowControl whether that window only starts at {@code flowControlWindow} and then follows each
 *     connection's measured bandwidth-delay product (grpc-java's BDP pings: a PING written after every read
 *     of data and answered by the client, a write and a read more per burst on both ends); off by default,
 *     as a gateway's clients are mostly a short round trip away, where a fixed window never stalls a sender
 * @param tls which connections the port accepts and the certificate it serves ({@code tls.*} options)
 */
public record GrpcServerOptions(
        String host,
        int port,
        int businessThreads,
        int businessQueue,
        int maxInboundMessageSize,
        Duration permitKeepAliveTime,
        int maxBodySize,
        Duration maxDeliveryDelay,
        boolean validateMessageType,
        Duration clientIdleTimeout,
        Duration longPollingTimeout,
        int flowControlWindow,
        boolean autoFlowControl,
        TlsOptions tls) {

    /** Name of the business pool in the shared {@code ExecutorRegistry}. */
    public static final String POOL_NAME = "grpc";

    /** grpc-java's own default window: a 4 MiB body streams in without waiting on a LAN. */
    public static final int DEFAULT_FLOW_CONTROL_WINDOW = 1 << 20;

    /** The options {@link #from} reads besides {@code tls.*} and the broker's limits. */
    public static final List<OptionSpec> SCHEMA = List.of(
            OptionSpec.integer("businessThreads", null, "threads of the grpc pool; default twice the cores, at least 4"),
            OptionSpec.integer("businessQueue", "10000", "calls the grpc pool queues before TOO_MANY_REQUESTS"),
            OptionSpec.integer("maxInboundMessageSize", Integer.toString(130 << 20), "largest request message, bytes"),
            OptionSpec.duration("permitKeepAliveTime", "30s", "shortest interval between client pings tolerated"),
            OptionSpec.duration("clientIdleTimeout", "2m", "how long a client without a stream or call is kept"),
            OptionSpec.duration("longPollingTimeout", "20s", "how long a consumer's receive call waits for messages"),
            OptionSpec.integer("flowControlWindow", Integer.toString(DEFAULT_FLOW_CONTROL_WINDOW),
                    "HTTP/2 flow-control window of connections and calls, bytes"),
            OptionSpec.bool("autoFlowControl", "false",
                    "grow the window with each connection's bandwidth-delay product (BDP pings)"));

    /** As Apache RocketMQ's proxy: a 4 MiB body plus properties fits with room to spare. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 130 << 20;

    /** As Apache RocketMQ's proxy and the broker's default message size. */
    public static final int DEFAULT_MAX_BODY_SIZE = 4 << 20;

    /** As Apache RocketMQ's proxy: delivery at most a day ahead. */
    public static final Duration DEFAULT_MAX_DELIVERY_DELAY = Duration.ofDays(1);

    /** As Apache RocketMQ's proxy tells consumers. */
    public static final Duration DEFAULT_LONG_POLLING_TIMEOUT = Duration.ofSeconds(20);

    /** Several missed heartbeats (the SDKs send one every 10 seconds). */
    public static final Duration DEFAULT_CLIENT_IDLE_TIMEOUT = Duration.ofMinutes(2);

    /** @throws IllegalArgumentException when an option's value cannot be used, naming the option */
    public static GrpcServerOptions from(ServerConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new GrpcServerOptions(
                config.host(),
                config.port(),
                config.intOption("businessThreads", Math.max(4, cores * 2)),
                config.intOption("businessQueue", 10_000),
                config.intOption("maxInboundMessageSize", DEFAULT_MAX_INBOUND_MESSAGE_SIZE),
                config.durationOption("permitKeepAliveTime", Duration.ofSeconds(30)),
                config.intOption("maxBodySize", DEFAULT_MAX_BODY_SIZE),
                config.durationOption("maxDeliveryDelay", DEFAULT_MAX_DELIVERY_DELAY),
                Boolean.parseBoolean(config.option("validateMessageType", "true")),
                config.durationOption("clientIdleTimeout", DEFAULT_CLIENT_IDLE_TIMEOUT),
                positive("longPollingTimeout", config.durationOption("longPollingTimeout", DEFAULT_LONG_POLLING_TIMEOUT)),
                config.intOption("flowControlWindow", DEFAULT_FLOW_CONTROL_WINDOW),
                Boolean.parseBoolean(config.option("autoFlowControl", "false")),
                TlsOptions.from(config));
    }

    private static Duration positive(String option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
        return value;
    }
}
