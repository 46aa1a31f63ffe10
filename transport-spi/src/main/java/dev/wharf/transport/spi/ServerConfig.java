package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern UNIT_DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h)");

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

    /**
     * A duration with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}), in ISO-8601 form
     * ({@code PT30S}) or as milliseconds: the forms {@link OptionSpec.Type#DURATION} accepts.
     *
     * @throws IllegalArgumentException naming the option when its value is none of these
     */
    public Duration durationOption(String name, Duration defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        String text = value.trim();
        Matcher unit = UNIT_DURATION.matcher(text);
        try {
            if (unit.matches()) {
                long amount = Long.parseLong(unit.group(1));
                return switch (unit.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return text.startsWith("P") || text.startsWith("p")
                    ? Duration.parse(text)
                    : Duration.ofMillis(Long.parseLong(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 500ms, 30s or PT30S, got '" + value
                    + "'", e);
        }
    }
}
