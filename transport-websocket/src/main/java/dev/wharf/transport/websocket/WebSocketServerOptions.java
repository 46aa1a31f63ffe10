package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.tls.TlsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSocket listener's settings, read from a {@link ServerConfig}'s string options (each optional).
 *
 * <pre>{@code
 * WebSocketServerOptions options = WebSocketServerOptions.from(ServerConfig.of("0.0.0.0", 8083)
 *         .withOption("tokens", "s3cret,other")
 *         .withOption("allowedOrigins", "https://app.example.com")
 *         .withOption("pingInterval", "15s"));
 * }</pre>
 *
 * @param host address to bind
 * @param port port to bind, 0 for any free one
 * @param businessThreads threads of the {@value #POOL_NAME} pool that translates requests into broker commands
 * @param businessQueue requests that may wait for that pool before new ones are refused with TOO_MANY_REQUESTS
 * @param maxBodySize largest message body, in bytes (the broker's limit, handed over by the gateway)
 * @param maxFrameBytes largest WebSocket message accepted, in bytes, after joining its fragments; a larger one
 *     closes the connection with 1009
 * @param pingInterval how often the server pings each connection
 * @param idleTimeout a connection that sends nothing (not even a pong) for this long is closed with 4408
 * @param authTimeout how long a connection that must authenticate with a first frame has to send it
 * @param tokens the tokens that open a connection; empty for an open listener
 * @param allowedOrigins browser origins allowed to connect; empty for the page's own origin only, {@code *} for any
 * @param maxSubscriptions subscriptions one connection may hold at once
 * @param maxOutstandingRequests requests of one connection that may be in progress at once
 * @param maxCredits the most deliveries a subscription may be owed at once
 * @param receiveWait how long one POP of a subscription waits at the broker for messages (long polling)
 * @param writeBufferBytes bytes queued for a connection's socket above which the server stops pushing
 *     deliveries and stops reading its requests, until the client has read half of them
 * @param tls TLS ({@code wss://}) as the {@code tls.*} options describe it; empty, plain {@code ws://} only,
 *     when there are none
 */
public record WebSocketServerOptions(
        String host,
        int port,
        int businessThreads,
        int businessQueue,
        int maxBodySize,
        int maxFrameBytes,
        Duration pingInterval,
        Duration idleTimeout,
        Duration authTimeout,
        Set<String> tokens,
        List<String> allowedOrigins,
        int maxSubscriptions,
        int maxOutstandingRequests,
        int maxCredits,
        Duration receiveWait,
        int writeBufferBytes,
        Optional<TlsOptions> tls) {

    /** Name of the business pool in the shared {@code ExecutorRegistry}. */
    public static final String POOL_NAME = "websocket";
    /** The broker's default message size. */
    public static final int DEFAULT_MAX_BODY_SIZE = 4 << 20;
    /** Room for the JSON around a body in a frame. */
    public static final int FRAME_OVERHEAD = 1 << 20;
    /** The options {@link #from} reads besides {@code tls.*} and the broker's limits. */
    public static final List<OptionSpec> SCHEMA = List.of(
            OptionSpec.integer("businessThreads", null, "threads of the websocket pool; default the cores, at least 2"),
            OptionSpec.integer("businessQueue", "10000", "requests the websocket pool queues"),
            OptionSpec.size("maxFrameBytes", null, "largest message a client may send (1009 beyond)"),
            OptionSpec.duration("pingInterval", "30s", "how often the server pings"),
            OptionSpec.duration("idleTimeout", "90s", "a connection silent this long is closed with 4408"),
            OptionSpec.duration("authTimeout", "10s", "time to send the auth frame when a token is needed"),
            OptionSpec.string("tokens", "", "tokens that open a connection, comma-separated"),
            OptionSpec.string("allowedOrigins", "", "browser origins that may connect, comma-separated, or *"),
            OptionSpec.integer("maxSubscriptions", "16", "subscriptions per connection"),
            OptionSpec.integer("maxOutstandingRequests", "64", "requests in progress per connection"),
            OptionSpec.integer("maxCredits", "1000", "deliveries one subscription may be owed"),
            OptionSpec.duration("receiveWait", "20s", "how long one POP waits at the broker"),
            OptionSpec.size("writeBufferBytes", "1MiB", "queued bytes above which a slow client is paused"));

    public WebSocketServerOptions {
        tokens = Set.copyOf(tokens);
        Objects.requireNonNull(tls, "tls");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("bad WebSocket option idleTimeout: must be longer than pingInterval ("
                    + pingInterval + "), got " + idleTimeout);
        }
        if (receiveWait.isNegative() || receiveWait.isZero() || receiveWait.compareTo(MessagingService.MAX_WAIT) > 0) {
            throw new IllegalArgumentException("bad WebSocket option receiveWait: must be positive and at most "
                    + MessagingService.MAX_WAIT + ", got " + receiveWait);
        }
    }

    /** @throws IllegalArgumentException when an option's value cannot be used, naming the option */
    public static WebSocketServerOptions from(ServerConfig config) {
        OptionValues values = new OptionValues(config.options());
        int maxBodySize = values.size("maxBodySize", DEFAULT_MAX_BODY_SIZE);
        return new WebSocketServerOptions(
                config.host(),
                config.port(),
                values.positiveInt("businessThreads", Math.max(2, Runtime.getRuntime().availableProcessors())),
                values.positiveInt("businessQueue", 10_000),
                maxBodySize,
                values.size("maxFrameBytes", defaultMaxFrameBytes(maxBodySize)),
                values.duration("pingInterval", Duration.ofSeconds(30)),
                values.duration("idleTimeout", Duration.ofSeconds(90)),
                values.duration("authTimeout", Duration.ofSeconds(10)),
                Set.copyOf(values.list("tokens")),
                values.list("allowedOrigins"),
                values.positiveInt("maxSubscriptions", 16),
                values.positiveInt("maxOutstandingRequests", 64),
                values.positiveInt("maxCredits", 1_000),
                values.duration("receiveWait", Duration.ofSeconds(20)),
                values.size("writeBufferBytes", 1 << 20),
                TlsOptions.configured(config) ? Optional.of(TlsOptions.from(config)) : Optional.empty());
    }

    /** A body at the cap, base64-encoded (4/3 larger), and room for the JSON around it. */
    static int defaultMaxFrameBytes(int maxBodySize) {
        return (int) Math.min(Integer.MAX_VALUE, FRAME_OVERHEAD + (maxBodySize + 2L) / 3 * 4);
    }

    /** Whether a connection must present one of {@link #tokens()}. */
    public boolean requiresToken() {
        return !tokens.isEmpty();
    }
}
