package dev.wharf.transport.spi;

import java.util.Map;

/**
 * Typed, validating access to a command's {@code extFields}.
 *
 * <p>Required fields that are missing or malformed raise a {@link RemotingCommandException} with
 * {@link ResponseCode#INVALID_PARAMETER} (or the code given) naming the field, so a processor never
 * answers a bad header with a stack trace.
 *
 * <pre>{@code
 * HeaderReader header = HeaderReader.of(request);
 * String topic = header.requiredString("topic");
 * int queueId = header.requiredInt("queueId");
 * long timeout = header.optionalLong("suspendTimeoutMillis", 15_000L);
 * }</pre>
 */
public final class HeaderReader {

    private final Map<String, String> fields;

    private HeaderReader(Map<String, String> fields) {
        this.fields = fields;
    }

    public static HeaderReader of(RemotingCommand command) {
        return new HeaderReader(command.extFields());
    }

    public static HeaderReader of(Map<String, String> fields) {
        return new HeaderReader(fields);
    }

    /** The raw value, or {@code null}; an empty string counts as absent, as in RocketMQ's binary header. */
    public String optionalString(String name) {
        String value = fields.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The first present field among {@code names}: for V1/V2 header aliases such as {@code topic}/{@code b}. */
    public String firstString(String... names) {
        for (String name : names) {
            String value = optionalString(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    public String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    public int requiredInt(String name) {
        return parseInt(name, requiredString(name));
    }

    public int optionalInt(String name, int defaultValue) {
        String value = optionalString(name);
        return value == null ? defaultValue : parseInt(name, value);
    }

    public long requiredLong(String name) {
        return parseLong(name, requiredString(name));
    }

    public long optionalLong(String name, long defaultValue) {
        String value = optionalString(name);
        return value == null ? defaultValue : parseLong(name, value);
    }

    /** RocketMQ's reading of booleans: anything but {@code "true"} (ignoring case) is false. */
    public boolean optionalBoolean(String name, boolean defaultValue) {
        String value = optionalString(name);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw malformed(name, value, "an int");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw malformed(name, value, "a long");
        }
    }

    private static RemotingCommandException missing(String name) {
        return new RemotingCommandException(
                ResponseCode.INVALID_PARAMETER, "the header field '" + name + "' is required");
    }

    private static RemotingCommandException malformed(String name, String value, String type) {
        return new RemotingCommandException(
                ResponseCode.INVALID_PARAMETER,
                "the header field '" + name + "' must be " + type + ", got '" + value + "'");
    }
}
