package dev.wharf.transport.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One option a transport reads from its {@link ServerConfig}: its name, the kind of value it takes, its
 * default and what it does. A provider lists them in {@link TransportProvider#options()}; the gateway checks
 * each listener's {@code options} against the lists of its protocols before anything starts, so an unknown
 * key or a bad value fails start-up with the key's path, as the gateway's own settings do.
 *
 * <pre>{@code
 * public List<OptionSpec> options() {
 *     return List.of(
 *             OptionSpec.integer("maxInflight", "64", "QoS 1 messages in flight per connection"),
 *             OptionSpec.duration("keepAlive", "60s", "longest keep-alive a client may ask for"),
 *             OptionSpec.choice("topicMapping", "level", "how topic levels become topics", "level", "flat"),
 *             OptionSpec.string("realm", null, "the authentication realm").asRequired());
 * }
 * }</pre>
 *
 * @param name the key under a listener's {@code options}
 * @param type what values are accepted
 * @param defaultValue the value used when the key is absent, as text; empty when the transport computes one
 * @param description one line for documentation and error messages
 * @param required whether the key must be given
 * @param choices the accepted values of a {@link Type#ENUM} option (compared ignoring case); empty otherwise
 */
public record OptionSpec(String name, Type type, Optional<String> defaultValue, String description, boolean required,
        List<String> choices) {

    /** The kinds of option value, each with the forms it accepts. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A whole number within the range of {@code int}. */
        INT,
        /** {@code true} or {@code false}. */
        BOOL,
        /** A positive duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, ISO-8601 {@code PT30S}, or milliseconds. */
        DURATION,
        /** Bytes: a plain number, or with a binary unit {@code B}, {@code KiB}, {@code MiB}, {@code GiB}. */
        SIZE,
        /** One of the option's {@link OptionSpec#choices()}. */
        ENUM
    }

    private static final Pattern UNIT_DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})(B|KiB|MiB|GiB)?");

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (name.isBlank()) {
            throw new IllegalArgumentException("an option needs a name");
        }
        if ((type == Type.ENUM) == choices.isEmpty()) {
            throw new IllegalArgumentException("option " + name + ": choices are for enum options, and they need some");
        }
        Optional<String> badDefault = defaultValue.isEmpty() ? Optional.empty()
                : problem(type, choices, defaultValue.get());
        if (badDefault.isPresent()) {
            throw new IllegalArgumentException("option " + name + ": its default " + badDefault.get());
        }
    }

    /** Text; {@code defaultValue} may be null for "none". */
    public static OptionSpec string(String name, String defaultValue, String description) {
        return new OptionSpec(name, Type.STRING, Optional.ofNullable(defaultValue), description, false, List.of());
    }

    /** A whole number; {@code defaultValue} may be null when the transport computes it. */
    public static OptionSpec integer(String name, String defaultValue, String description) {
        return new OptionSpec(name, Type.INT, Optional.ofNullable(defaultValue), description, false, List.of());
    }

    public static OptionSpec bool(String name, String defaultValue, String description) {
        return new OptionSpec(name, Type.BOOL, Optional.ofNullable(defaultValue), description, false, List.of());
    }

    public static OptionSpec duration(String name, String defaultValue, String description) {
        return new OptionSpec(name, Type.DURATION, Optional.ofNullable(defaultValue), description, false, List.of());
    }

    public static OptionSpec size(String name, String defaultValue, String description) {
        return new OptionSpec(name, Type.SIZE, Optional.ofNullable(defaultValue), description, false, List.of());
    }

    /** One of {@code choices}. */
    public static OptionSpec choice(String name, String defaultValue, String description, String... choices) {
        return new OptionSpec(name, Type.ENUM, Optional.ofNullable(defaultValue), description, false, List.of(choices));
    }

    /** This option, to be given on every listener of the protocol. */
    public OptionSpec asRequired() {
        return new OptionSpec(name, type, defaultValue, description, true, choices);
    }

    /**
     * What is wrong with {@code value} for this option, as the end of a sentence ({@code must be a whole number,
     * got 'ten'}); empty when it is fine.
     */
    public Optional<String> problemWith(String value) {
        return problem(type, choices, value);
    }

    private static Optional<String> problem(Type type, List<String> choices, String value) {
        String text = value.trim();
        boolean fine = switch (type) {
            case STRING -> true;
            case INT -> isInt(text);
            case BOOL -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
            case DURATION -> isPositiveDuration(text);
            case SIZE -> isSize(text);
            case ENUM -> choices.stream().anyMatch(choice -> choice.equalsIgnoreCase(text));
        };
        if (fine) {
            return Optional.empty();
        }
        String expected = switch (type) {
            case STRING -> "";
            case INT -> "must be a whole number";
            case BOOL -> "must be true or false";
            case DURATION -> "must be a positive duration such as 500ms, 30s, 5m or PT30S";
            case SIZE -> "must be a size such as 65536, 512KiB or 16MiB";
            case ENUM -> "must be one of " + String.join(", ", choices);
        };
        return Optional.of(expected + ", got '" + value + "'");
    }

    private static boolean isInt(String text) {
        try {
            Integer.parseInt(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isPositiveDuration(String text) {
        if (UNIT_DURATION.matcher(text).matches() || text.matches("\\d{1,18}")) {
            return !text.matches("0+(ms|s|m|h)?");
        }
        try {
            Duration duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            return !duration.isNegative() && !duration.isZero();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isSize(String text) {
        Matcher size = SIZE.matcher(text);
        if (!size.matches()) {
            return false;
        }
        int shift = switch (size.group(2) == null ? "B" : size.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        return Long.numberOfLeadingZeros(Long.parseLong(size.group(1))) > shift;
    }
}
