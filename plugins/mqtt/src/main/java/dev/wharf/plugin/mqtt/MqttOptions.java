package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.ServerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code options} of an MQTT listener ({@link #SCHEMA}, which the gateway checks a listener against and
 * docs/PLUGINS.md lists), read once so that a bad value fails before anything is bound, naming the option.
 *
 * @param host address to bind
 * @param port port to bind
 * @param users accepted {@code username:password} pairs
 * @param tokens accepted passwords, whatever the username
 * @param maxPacketSize largest MQTT packet read, bytes: the broker's body limit plus room for the headers
 * @param connectTimeout how long a new connection may take to send CONNECT
 * @param invisibleTime how long a QoS 1 delivery waits for its PUBACK before the broker delivers it again
 * @param receiveWait how long one long poll of a subscription waits for a message
 * @param maxInflight QoS 1 deliveries a subscription may have without a PUBACK
 * @param maxPendingPublishes client PUBLISHes a connection may have in the broker before it stops reading
 * @param websocketPath where MQTT over WebSocket (subprotocol {@code mqtt}) is served on the same port; empty
 *     turns WebSocket off
 * @param businessThreads threads of the {@value #POOL_NAME} pool
 * @param businessQueue tasks the pool queues before it refuses
 * @param maxRetained retained messages the listener keeps in memory
 * @param maxRetainedBytes bytes of retained payloads and topic names the listener keeps in memory
 */
record MqttOptions(String host, int port, List<String> users, List<String> tokens, int maxPacketSize,
        Duration connectTimeout, Duration invisibleTime, Duration receiveWait, int maxInflight,
        int maxPendingPublishes, String websocketPath, int businessThreads, int businessQueue, int maxRetained,
        long maxRetainedBytes) {

    static final String POOL_NAME = "mqtt";
    static final String DEFAULT_WEBSOCKET_PATH = "/mqtt";

    /** Every option {@link #from} reads besides the broker's limits, with the defaults it applies. */
    static final List<OptionSpec> SCHEMA = List.of(
            OptionSpec.string("users", "", "username:password pairs that may connect, comma-separated"),
            OptionSpec.string("tokens", "", "passwords accepted with any username, comma-separated"),
            OptionSpec.integer("maxPacketSize", null, "largest MQTT packet read, bytes; default maxBodySize + 64 KiB"),
            OptionSpec.duration("connectTimeout", "10s", "how long a new connection may take to send CONNECT"),
            OptionSpec.duration("invisibleTime", "30s",
                    "how long a QoS 1 delivery waits for its PUBACK before it comes again (10s..12h)"),
            OptionSpec.duration("receiveWait", "20s", "how long one long poll of a subscription waits (up to 30s)"),
            OptionSpec.integer("maxInflight", "16", "QoS 1 deliveries a subscription may have without a PUBACK"),
            OptionSpec.integer("maxPendingPublishes", "64",
                    "client PUBLISHes a connection may have in the broker before it stops reading"),
            OptionSpec.string("websocketPath", DEFAULT_WEBSOCKET_PATH,
                    "where MQTT over WebSocket is served on the same port; empty turns it off"),
            OptionSpec.integer("businessThreads", "4", "threads of the mqtt pool"),
            OptionSpec.integer("businessQueue", "10000", "tasks the mqtt pool queues before it refuses"),
            OptionSpec.integer("maxRetained", "10000", "retained messages kept; beyond, a new topic's is not kept"),
            OptionSpec.size("maxRetainedBytes", "64MiB",
                    "bytes of retained payloads and topic names kept; beyond, a new one is not kept"));
    private static final int HEADER_ROOM = 64 << 10;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})(B|KiB|MiB|GiB)?");
    private static final int DEFAULT_MAX_BODY_SIZE = 4 << 20;

    static MqttOptions from(ServerConfig config) {
        int maxBody = parse(config, "maxBodySize", DEFAULT_MAX_BODY_SIZE, Integer::parseInt);
        MqttOptions options = new MqttOptions(config.host(), config.port(), list(config, "users"),
                list(config, "tokens"),
                parse(config, "maxPacketSize", maxBody + HEADER_ROOM, Integer::parseInt),
                parse(config, "connectTimeout", Duration.ofSeconds(10), MqttOptions::duration),
                parse(config, "invisibleTime", Duration.ofSeconds(30), MqttOptions::duration),
                parse(config, "receiveWait", Duration.ofSeconds(20), MqttOptions::duration),
                parse(config, "maxInflight", 16, Integer::parseInt),
                parse(config, "maxPendingPublishes", 64, Integer::parseInt),
                config.option("websocketPath", DEFAULT_WEBSOCKET_PATH),
                parse(config, "businessThreads", 4, Integer::parseInt),
                parse(config, "businessQueue", 10_000, Integer::parseInt),
                parse(config, "maxRetained", 10_000, Integer::parseInt),
                parse(config, "maxRetainedBytes", 64L << 20, MqttOptions::size));
        options.check();
        return options;
    }

    boolean websocket() {
        return !websocketPath.isEmpty();
    }

    private void check() {
        for (String user : users) {
            if (user.indexOf(':') <= 0) {
                throw new IllegalArgumentException("bad MQTT option users: each entry is username:password, got '"
                        + user.replaceAll(":.*", ":***") + "'");
            }
        }
        positive("maxPacketSize", maxPacketSize);
        positive("maxInflight", maxInflight);
        positive("maxPendingPublishes", maxPendingPublishes);
        positive("businessThreads", businessThreads);
        positive("businessQueue", businessQueue);
        positive("maxRetained", maxRetained);
        positive("maxRetainedBytes", maxRetainedBytes);
        positive("connectTimeout", connectTimeout.toMillis());
        // The broker's POP accepts invisible times of 10 s to 12 h and long polls up to 30 s.
        if (invisibleTime.compareTo(Duration.ofSeconds(10)) < 0 || invisibleTime.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("bad MQTT option invisibleTime: must be within 10s..12h, got "
                    + invisibleTime);
        }
        if (receiveWait.isNegative() || receiveWait.isZero() || receiveWait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("bad MQTT option receiveWait: must be within 1ms..30s, got " + receiveWait);
        }
        if (websocket() && !websocketPath.startsWith("/")) {
            throw new IllegalArgumentException("bad MQTT option websocketPath: must start with '/', got " + websocketPath);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("bad MQTT option " + name + ": must be positive, got " + value);
        }
    }

    private static <T> T parse(ServerConfig config, String name, T defaultValue, Function<String, T> parser) {
        String value = config.options().get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad MQTT option " + name + ": cannot read '" + value + "'", e);
        }
    }

    private static List<String> list(ServerConfig config, String name) {
        String value = config.options().get(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** {@code 65536}, {@code 65536B}, {@code 512KiB}, {@code 16MiB} or {@code 1GiB}. */
    static long size(String text) {
        Matcher size = SIZE.matcher(text);
        if (!size.matches()) {
            throw new IllegalArgumentException("not a size such as 65536, 512KiB or 16MiB: " + text);
        }
        int shift = switch (size.group(2) == null ? "B" : size.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        return Math.multiplyExact(Long.parseLong(size.group(1)), 1L << shift);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or plain milliseconds. */
    static Duration duration(String text) {
        String value = text.toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(text);
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
        }
        if (value.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).trim()));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1).trim()));
        }
        if (value.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1).trim()));
        }
        return Duration.ofMillis(Long.parseLong(value));
    }
}
