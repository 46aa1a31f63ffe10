package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a server listens and its protocol-specific options, as plain strings so that a plugin's options
 * travel through the gateway's configuration untouched.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.of("0.0.0.0", 8080)
 *         .withOption("maxFrameLength", "16777216")
 *         .withOption("idleTimeout", "PT120S");
 * int maxFrame = config.intOption("maxFrameLength", 16 << 20);
 * }</pre>
 *
 * @param host address to bind, {@code 0.0.0.0} for every interface
 * @param port port to bind, 0 for any free one
 * @param options protocol-specific settings by name
 */
public record ServerConfig(String host, int port, Map<String, String> options) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, got " + port);
        }
        options = Map.copyOf(options);
    }

    public static ServerConfig of(String host, int port) {
        return new ServerConfig(host, port, Map.of());
    }

    public ServerConfig withOption(String name, String value) {
        Map<String, String> merged = new java.util.HashMap<>(options);
        merged.put(name, value);
        return new ServerConfig(host, port, merged);
    }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public int intOption(String name, int defaultValue) {
        String value = options.get(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    /** A duration in ISO-8601 form ({@code PT30S}) or as milliseconds. */
    public Duration durationOption(String name, Duration defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        return value.startsWith("P") || value.startsWith("p")
                ? Duration.parse(value)
                : Duration.ofMillis(Long.parseLong(value));
    }
}
