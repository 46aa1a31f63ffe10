package dev.wharf.bench;

import java.util.Locale;

/**
 * Builds the one-line JSON object a run prints last, so scripts can read results without parsing the
 * human-readable lines. Keys are fixed identifiers; string values are escaped.
 */
public final class JsonLine {

    private final StringBuilder json = new StringBuilder("{");

    /** Adds a string field. */
    public JsonLine put(String key, String value) {
        key(key).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
        return this;
    }

    /** Adds an integer field. */
    public JsonLine put(String key, long value) {
        key(key).append(value);
        return this;
    }

    /** Adds a boolean field. */
    public JsonLine put(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    /** Adds a decimal field with two fractional digits (JSON has no NaN, so non-finite values become null). */
    public JsonLine put(String key, double value) {
        key(key).append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "null");
        return this;
    }

    private StringBuilder key(String key) {
        if (json.length() > 1) {
            json.append(',');
        }
        return json.append('"').append(key).append("\":");
    }

    @Override
    public String toString() {
        return json + "}";
    }
}
