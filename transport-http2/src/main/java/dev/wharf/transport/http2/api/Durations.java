package dev.wharf.transport.http2.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the API takes them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, ISO-8601
 * ({@code PT30S}), or a bare number of milliseconds.
 */
public final class Durations {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    private Durations() {}

    /**
     * Parses {@code text}, refusing with 400 naming {@code name} when it is not a duration.
     *
     * @param name the query parameter or field, for the message
     */
    public static Duration parse(String name, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } else if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() <= 12) {
                return Duration.ofMillis(Long.parseLong(value));
            } else {
                Matcher unit = WITH_UNIT.matcher(value);
                if (unit.matches()) {
                    long amount = Long.parseLong(unit.group(1));
                    return switch (unit.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofHours(amount);
                    };
                }
            }
        } catch (DateTimeParseException | ArithmeticException invalid) {
            // answered below, with the same message as any other unreadable value
        }
        throw ApiException.badRequest("'" + name + "' must be a duration such as 500ms, 30s, 5m or PT30S, got '"
                + text + "'");
    }
}
