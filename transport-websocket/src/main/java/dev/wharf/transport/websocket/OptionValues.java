package dev.wharf.transport.websocket;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the string options of a {@link dev.wharf.transport.spi.ServerConfig} in the forms a YAML file
 * naturally holds: durations as {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or
 * plain milliseconds; sizes as {@code 64KiB}, {@code 1MiB} or plain bytes; lists comma-separated. A bad value
 * fails with the option's name.
 */
final class OptionValues {

    private static final List<Map.Entry<String, ChronoUnit>> DURATION_UNITS = List.of(
            Map.entry("ms", ChronoUnit.MILLIS),
            Map.entry("s", ChronoUnit.SECONDS),
            Map.entry("m", ChronoUnit.MINUTES),
            Map.entry("h", ChronoUnit.HOURS));
    private static final Map<String, Long> SIZE_UNITS = Map.of("b", 1L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

    private final Map<String, String> options;

    OptionValues(Map<String, String> options) {
        this.options = options;
    }

    Duration duration(String name, Duration defaultValue) {
        return parse(name, defaultValue, OptionValues::parseDuration);
    }

    int size(String name, int defaultValue) {
        long bytes = parse(name, (long) defaultValue, OptionValues::parseSize);
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad WebSocket option " + name + ": must be from 1B to 2GiB, got "
                    + options.get(name));
        }
        return (int) bytes;
    }

    int positiveInt(String name, int defaultValue) {
        int value = parse(name, defaultValue, Integer::parseInt);
        if (value <= 0) {
            throw new IllegalArgumentException("bad WebSocket option " + name + ": must be positive, got " + value);
        }
        return value;
    }

    /** A comma-separated list, blanks dropped; empty when the option is unset or blank. */
    List<String> list(String name) {
        String value = options.get(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private <T> T parse(String name, T defaultValue, Function<String, T> parser) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad WebSocket option " + name + ": cannot read '" + value + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    static Duration parseDuration(String text) {
        String value = text.toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(text);
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return Duration.ofMillis(Long.parseLong(value));
        }
        // "ms" before "m" and "s", which it ends with too.
        for (Map.Entry<String, ChronoUnit> unit : DURATION_UNITS) {
            if (value.endsWith(unit.getKey())) {
                String amount = value.substring(0, value.length() - unit.getKey().length()).trim();
                return Duration.of(Long.parseLong(amount), unit.getValue());
            }
        }
        throw new IllegalArgumentException("unknown unit; use ms, s, m or h");
    }

    static long parseSize(String text) {
        String value = text.toLowerCase(Locale.ROOT);
        int unitStart = value.length();
        while (unitStart > 0 && Character.isLetter(value.charAt(unitStart - 1))) {
            unitStart--;
        }
        String unit = value.substring(unitStart).trim();
        Long multiplier = unit.isEmpty() ? Long.valueOf(1) : SIZE_UNITS.get(unit);
        if (multiplier == null) {
            throw new IllegalArgumentException("unknown unit '" + unit + "'; use B, KiB, MiB or GiB");
        }
        return Math.multiplyExact(Long.parseLong(value.substring(0, unitStart).trim()), multiplier);
    }
}
