package dev.wharf.gateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the human forms of sizes ({@code 512KiB}, {@code 16MiB}) and durations ({@code 500ms},
 * {@code 30s}) used in the configuration file.
 *
 * <p>Units are required and binary for sizes, so {@code 16MB} is an error rather than a silent
 * 16 000 000: the file says exactly what the gateway does.
 *
 * <pre>{@code
 * long segment = Units.parseSize("256MiB");      // 268435456
 * Duration flush = Units.parseDuration("500ms");  // PT0.5S
 * }</pre>
 */
public final class Units {

    /** What a size looks like, for error messages. */
    public static final String SIZE_FORM = "a size such as 512B, 64KiB, 16MiB or 1GiB";
    /** What a duration looks like, for error messages. */
    public static final String DURATION_FORM = "a duration such as 500ms, 30s, 5m, 2h or 1d";

    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,18})\\s*([a-zA-Z]+)");

    private static final Map<String, Long> SIZE_UNITS = Map.of(
            "b", 1L,
            "kib", 1L << 10,
            "mib", 1L << 20,
            "gib", 1L << 30);

    private static final Map<String, Duration> DURATION_UNITS = Map.of(
            "ms", Duration.ofMillis(1),
            "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1),
            "h", Duration.ofHours(1),
            "d", Duration.ofDays(1));

    private Units() {}

    /**
     * Bytes in {@code text}: a whole number followed by {@code B}, {@code KiB}, {@code MiB} or {@code GiB}
     * (case ignored).
     *
     * @throws IllegalArgumentException when {@code text} is not such a size
     */
    public static long parseSize(String text) {
        Matcher matcher = match(text, SIZE_UNITS, SIZE_FORM);
        long unit = SIZE_UNITS.get(unitOf(matcher));
        return scaled(() -> Math.multiplyExact(Long.parseLong(matcher.group(1)), unit));
    }

    /**
     * The duration in {@code text}: a whole number followed by {@code ms}, {@code s}, {@code m},
     * {@code h} or {@code d}.
     *
     * @throws IllegalArgumentException when {@code text} is not such a duration
     */
    public static Duration parseDuration(String text) {
        Matcher matcher = match(text, DURATION_UNITS, DURATION_FORM);
        Duration unit = DURATION_UNITS.get(unitOf(matcher));
        return scaled(() -> unit.multipliedBy(Long.parseLong(matcher.group(1))));
    }

    private static Matcher match(String text, Map<String, ?> units, String form) {
        Matcher matcher = AMOUNT.matcher(text.trim());
        if (!matcher.matches() || !units.containsKey(unitOf(matcher))) {
            throw new IllegalArgumentException("must be " + form);
        }
        return matcher;
    }

    private static String unitOf(Matcher matcher) {
        return matcher.group(2).toLowerCase(Locale.ROOT);
    }

    private static <T> T scaled(Supplier<T> product) {
        try {
            return product.get();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large", e);
        }
    }
}
