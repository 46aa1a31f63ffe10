package dev.wharf.transport.http2;

import dev.wharf.messaging.PublicationChecks;
import dev.wharf.transport.http2.api.ApiException;
import dev.wharf.transport.http2.api.Durations;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ServerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The HTTP listener's options, read from its {@link ServerConfig}; every one bounded and defaulted.
 *
 * <p>Sizes take a binary unit ({@code 6MiB}) and durations a unit ({@code 30s}) or ISO-8601 ({@code PT30S}).
 *
 * @param maxRequestBytes largest request body; beyond it 413. Default: room for the largest message body
 *     ({@code maxBodySize}) base64-encoded, plus 64 KiB of JSON around it
 * @param maxBatchMessages most messages one publish request may carry; beyond it 413
 * @param maxConcurrentStreams most HTTP/2 streams (requests) open at once on one connection
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param tokens bearer tokens, any of which a request must carry; empty for no authentication
 * @param businessThreads threads of the {@value #POOL} business pool
 * @param businessQueue requests waiting for that pool before new ones get 429
 * @param heartbeat how often an idle event stream gets a comment line
 */
public record HttpOptions(int maxRequestBytes, int maxBatchMessages, int maxConcurrentStreams, Duration idleTimeout,
        Set<String> tokens, int businessThreads, int businessQueue, Duration heartbeat) {

    /** The business pool's name in the {@code ExecutorRegistry}. */
    public static final String POOL = "http";

    public static final String MAX_REQUEST_BYTES = "maxRequestBytes";
    public static final String MAX_BATCH_MESSAGES = "maxBatchMessages";
    public static final String MAX_CONCURRENT_STREAMS = "maxConcurrentStreams";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String TOKENS = "tokens";
    /** The pool options' names, the same on the gRPC and WebSocket listeners. */
    public static final String BUSINESS_THREADS = "businessThreads";
    public static final String BUSINESS_QUEUE = "businessQueue";
    /** What this listener called them before the three transports agreed; still read when the new name is absent. */
    private static final String OLD_THREADS = "threads";
    private static final String OLD_QUEUE = "queueCapacity";
    public static final String HEARTBEAT = "heartbeat";

    /** The options {@link #from} reads besides {@code tls.*} and the broker's limits. */
    public static final List<OptionSpec> SCHEMA = List.of(
            OptionSpec.string(TOKENS, "", "bearer tokens, comma-separated; none: no authentication"),
            OptionSpec.size(MAX_REQUEST_BYTES, null, "largest request body (413 beyond)"),
            OptionSpec.integer(MAX_BATCH_MESSAGES, "64", "most messages in one publish request"),
            OptionSpec.integer(MAX_CONCURRENT_STREAMS, "128", "most HTTP/2 requests in flight per connection"),
            OptionSpec.duration(IDLE_TIMEOUT, "120s", "a connection without traffic this long is closed"),
            OptionSpec.duration(HEARTBEAT, "15s", "how often an idle event stream sends a comment"),
            OptionSpec.integer(BUSINESS_THREADS, null, "threads of the http pool; default the cores, at least 2"),
            OptionSpec.integer(BUSINESS_QUEUE, "10000", "requests the http pool queues before 429"),
            OptionSpec.integer(OLD_THREADS, null, "earlier name of businessThreads"),
            OptionSpec.integer(OLD_QUEUE, null, "earlier name of businessQueue"));

    public static final int DEFAULT_MAX_BATCH_MESSAGES = 64;
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 128;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    private static final int JSON_OVERHEAD = 64 << 10;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})(B|KiB|MiB|GiB)?");

    public HttpOptions {
        positive(MAX_REQUEST_BYTES, maxRequestBytes);
        positive(MAX_BATCH_MESSAGES, maxBatchMessages);
        positive(MAX_CONCURRENT_STREAMS, maxConcurrentStreams);
        positive(BUSINESS_THREADS, businessThreads);
        positive(BUSINESS_QUEUE, businessQueue);
        if (idleTimeout.isNegative() || idleTimeout.isZero() || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException(IDLE_TIMEOUT + " and " + HEARTBEAT + " must be positive durations");
        }
        tokens = Set.copyOf(tokens);
    }

    /**
     * The options of {@code config}.
     *
     * @throws IllegalArgumentException naming the option that is not a positive number or duration
     */
    public static HttpOptions from(ServerConfig config) {
        int maxBody = number(config, "maxBodySize", PublicationChecks.DEFAULT_MAX_BODY_SIZE);
        int defaultRequest = (int) Math.min(Integer.MAX_VALUE, (maxBody + 2L) / 3 * 4 + JSON_OVERHEAD);
        Set<String> tokens = Arrays.stream(config.option(TOKENS, "").split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty())
                .collect(Collectors.toSet());
        return new HttpOptions(
                size(config, MAX_REQUEST_BYTES, defaultRequest),
                number(config, MAX_BATCH_MESSAGES, DEFAULT_MAX_BATCH_MESSAGES),
                number(config, MAX_CONCURRENT_STREAMS, DEFAULT_MAX_CONCURRENT_STREAMS),
                duration(config, IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT),
                tokens,
                number(config, BUSINESS_THREADS,
                        number(config, OLD_THREADS, Math.max(2, Runtime.getRuntime().availableProcessors()))),
                number(config, BUSINESS_QUEUE, number(config, OLD_QUEUE, DEFAULT_QUEUE_CAPACITY)),
                duration(config, HEARTBEAT, DEFAULT_HEARTBEAT));
    }

    private static int number(ServerConfig config, String name, int defaultValue) {
        try {
            return config.intOption(name, defaultValue);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + config.option(name, "") + "'");
        }
    }

    /** Bytes, as a number or with a binary unit: {@code 6MiB}, {@code 512KiB}. */
    private static int size(ServerConfig config, String name, int defaultValue) {
        String value = config.options().get(name);
        if (value == null) {
            return defaultValue;
        }
        Matcher size = SIZE.matcher(value.trim());
        if (size.matches()) {
            long bytes = Long.parseLong(size.group(1)) << switch (size.group(2) == null ? "B" : size.group(2)) {
                case "KiB" -> 10;
                case "MiB" -> 20;
                case "GiB" -> 30;
                default -> 0;
            };
            if (bytes <= Integer.MAX_VALUE) {
                return (int) bytes;
            }
        }
        throw new IllegalArgumentException(name + " must be a size below 2GiB such as 6MiB or 65536, got '" + value + "'");
    }

    /** A duration written {@code 30s}, {@code 500ms}, {@code 2m}, ISO-8601 or in milliseconds. */
    private static Duration duration(ServerConfig config, String name, Duration defaultValue) {
        String value = config.options().get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(name, value);
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
