package dev.wharf.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One YAML mapping being bound strictly: every read names the key it expects, every value is checked
 * against what the key allows, and whatever key nobody asked for is an error. Each error carries the
 * key's full path ({@code listeners[0].port}).
 *
 * <p>A key that is absent takes the default given by the caller, so an empty document yields the
 * built-in defaults.
 */
final class ConfigNode {

    private final String path;
    private final Map<?, ?> values;
    private final Set<String> known = new TreeSet<>();

    private ConfigNode(String path, Map<?, ?> values) {
        this.path = path;
        this.values = values;
    }

    static ConfigNode root(Map<?, ?> values) {
        return new ConfigNode("", values);
    }

    /** The full path of {@code key} under this node. */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String string(String key, String defaultValue) {
        return read(key, defaultValue, value -> asString(key, value));
    }

    /** An optional text value: absent, null and the empty string all mean "not set". */
    Optional<String> optionalString(String key) {
        Object value = raw(key);
        String text = value == null ? "" : asString(key, value);
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    int integer(String key, int defaultValue, int min, int max) {
        return read(key, defaultValue, value -> {
            if (!(value instanceof Integer number) || number < min || number > max) {
                throw invalid(key, "must be a whole number from " + min + " to " + max, value);
            }
            return number;
        });
    }

    boolean bool(String key, boolean defaultValue) {
        return read(key, defaultValue, value -> {
            if (!(value instanceof Boolean flag)) {
                throw invalid(key, "must be true or false", value);
            }
            return flag;
        });
    }

    /** A size in bytes, written {@code 16MiB} or as a plain number of bytes, within {@code [min, max]}. */
    long size(String key, long defaultValue, long min, long max) {
        return read(key, defaultValue, value -> {
            long bytes = value instanceof Integer || value instanceof Long
                    ? ((Number) value).longValue()
                    : parsed(key, value, Units::parseSize);
            if (bytes < min || bytes > max) {
                throw invalid(key, "must be from " + min + "B to " + max + "B", value);
            }
            return bytes;
        });
    }

    /** A positive duration written {@code 500ms}, {@code 30s}, {@code 5m}… */
    Duration duration(String key, Duration defaultValue) {
        return read(key, defaultValue, value -> positiveDuration(pathOf(key), value));
    }

    /**
     * A list of positive durations, written as a YAML list or as one space-separated string (RocketMQ's
     * {@code messageDelayLevel} form: {@code 1s 5s 10s}).
     */
    List<Duration> durations(String key, List<Duration> defaultValue) {
        return read(key, defaultValue, value -> {
            List<?> items = value instanceof String text
                    ? Arrays.asList(text.trim().split("\\s+"))
                    : asList(key, value, "must be a list of durations or one string such as '1s 5s 10s'");
            List<Duration> durations = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                durations.add(positiveDuration(pathOf(key) + "[" + i + "]", items.get(i)));
            }
            if (durations.isEmpty()) {
                throw invalid(key, "must name at least one duration", value);
            }
            return List.copyOf(durations);
        });
    }

    /** One of {@code choices}, written in lower case; {@code mode: local}. */
    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        return read(key, defaultValue, value -> {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            if (value instanceof String text) {
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(text.trim())) {
                        return constant;
                    }
                }
            }
            throw invalid(key, "must be one of " + allowed, value);
        });
    }

    /** A list of non-blank strings, in order, without repeats. */
    List<String> strings(String key, List<String> defaultValue) {
        return read(key, defaultValue, value -> {
            List<?> items = asList(key, value, "must be a list such as [a, b]");
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String itemPath = key + "[" + i + "]";
                String text = asString(itemPath, items.get(i)).trim();
                if (text.isEmpty() || strings.contains(text)) {
                    throw invalid(itemPath, text.isEmpty() ? "must not be blank" : "repeats '" + text + "'", text);
                }
                strings.add(text);
            }
            if (strings.isEmpty()) {
                throw invalid(key, "must not be empty", value);
            }
            return List.copyOf(strings);
        });
    }

    /**
     * The mapping under {@code key} with every value as text: numbers and booleans as written, a list of
     * scalars joined with commas; empty when the key is absent.
     */
    Map<String, String> textMap(String key) {
        Object value = raw(key);
        if (value == null) {
            return Map.of();
        }
        Map<String, String> texts = new java.util.TreeMap<>();
        for (Map.Entry<?, ?> entry : asNode(pathOf(key), value).values.entrySet()) {
            String name = String.valueOf(entry.getKey());
            texts.put(name, scalarText(pathOf(key) + "." + name, entry.getValue()));
        }
        return texts;
    }

    private static String scalarText(String fullPath, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list && list.stream().allMatch(item -> item instanceof String || item instanceof Number)) {
            return list.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(","));
        }
        throw new ConfigException(fullPath, "must be text, a number, true/false or a list of those; got "
                + quoted(value));
    }

    /** The mapping under {@code key}; an empty one, so every key takes its default, when absent. */
    ConfigNode section(String key) {
        Object value = raw(key);
        return value == null ? new ConfigNode(pathOf(key), Map.of()) : asNode(pathOf(key), value);
    }

    /** The mapping under {@code key}, or empty when the key is absent. */
    Optional<ConfigNode> optionalSection(String key) {
        Object value = raw(key);
        return value == null ? Optional.empty() : Optional.of(asNode(pathOf(key), value));
    }

    /** The mappings listed under {@code key}, or empty when the key is absent. */
    Optional<List<ConfigNode>> sections(String key) {
        Object value = raw(key);
        if (value == null) {
            return Optional.empty();
        }
        List<?> items = asList(key, value, "must be a list of mappings");
        List<ConfigNode> nodes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            nodes.add(asNode(pathOf(key) + "[" + i + "]", items.get(i)));
        }
        return Optional.of(nodes);
    }

    /** Fails on the first key that no read asked for, listing the keys this mapping knows. */
    void rejectUnknownKeys() {
        for (Object key : values.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new ConfigException(pathOf(String.valueOf(key)),
                        "unknown key; known keys: " + String.join(", ", known));
            }
        }
    }

    /** An error about the value of {@code key}, quoting what was found. */
    ConfigException invalid(String key, String problem, Object value) {
        return new ConfigException(pathOf(key), problem + "; got " + quoted(value));
    }

    private <T> T read(String key, T defaultValue, Function<Object, T> convert) {
        if (!values.containsKey(key)) {
            known.add(key);
            return defaultValue;
        }
        Object value = raw(key);
        if (value == null) {
            throw new ConfigException(pathOf(key), "needs a value; leave the key out to use the default");
        }
        return convert.apply(value);
    }

    private Object raw(String key) {
        known.add(key);
        return values.get(key);
    }

    private Duration positiveDuration(String fullPath, Object value) {
        if (!(value instanceof String text)) {
            throw new ConfigException(fullPath, "must be " + Units.DURATION_FORM + "; got " + quoted(value));
        }
        Duration duration = parsedAt(fullPath, text, Units::parseDuration);
        if (duration.isZero()) {
            throw new ConfigException(fullPath, "must be more than zero; got " + quoted(value));
        }
        return duration;
    }

    private <T> T parsed(String key, Object value, Function<String, T> parser) {
        return parsedAt(pathOf(key), String.valueOf(value), parser);
    }

    private static <T> T parsedAt(String fullPath, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(fullPath, e.getMessage() + "; got " + quoted(text));
        }
    }

    private String asString(String key, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        throw invalid(key, "must be text", value);
    }

    private List<?> asList(String key, Object value, String problem) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw invalid(key, problem, value);
    }

    private static ConfigNode asNode(String fullPath, Object value) {
        if (value instanceof Map<?, ?> map) {
            return new ConfigNode(fullPath, map);
        }
        throw new ConfigException(fullPath, "must be a mapping of keys to values; got " + quoted(value));
    }

    private static String quoted(Object value) {
        return value instanceof List<?> || value instanceof Map<?, ?> ? String.valueOf(value) : "'" + value + "'";
    }
}
