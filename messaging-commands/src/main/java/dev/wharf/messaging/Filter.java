package dev.wharf.messaging;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A consumer's filter as the broker's {@code expType}/{@code exp} headers, and the exact tag check that goes
 * with them: the broker filters TAG subscriptions by tag hash, so, as RocketMQ's clients do, the gateway
 * re-checks the tag string of what comes back.
 *
 * <pre>{@code
 * Filter filter = Filter.tags("TagA || TagB");
 * filter.accepts("TagA");   // true
 * filter.accepts("TagC");   // false
 * }</pre>
 *
 * @param expressionType {@value #TAG} or {@value #SQL92}
 * @param expression the expression, {@code *} for every message
 * @param tags the tags a TAG expression names; empty when it takes every message (and for SQL92)
 */
public record Filter(String expressionType, String expression, Set<String> tags) {

    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";
    private static final String ALL = "*";

    public Filter {
        tags = Set.copyOf(tags);
    }

    /** Every message. */
    public static Filter all() {
        return new Filter(TAG, ALL, Set.of());
    }

    /** A tag expression, {@code A || B}; null or blank reads as {@code *}. */
    public static Filter tags(String expression) {
        String trimmed = expression == null || expression.isBlank() ? ALL : expression.trim();
        return new Filter(TAG, trimmed, tagsOf(trimmed));
    }

    /**
     * A SQL92 expression over message properties.
     *
     * @throws MessagingException ILLEGAL_FILTER_EXPRESSION when it is empty
     */
    public static Filter sql(String expression) {
        if (expression == null || expression.isBlank() || ALL.equals(expression.trim())) {
            throw new MessagingException(ErrorCode.ILLEGAL_FILTER_EXPRESSION, "a SQL filter expression cannot be empty");
        }
        return new Filter(SQL92, expression.trim(), Set.of());
    }

    /** Whether a message with this tag (null for none) is one the consumer asked for. */
    public boolean accepts(String tag) {
        return tags.isEmpty() || (tag != null && tags.contains(tag));
    }

    private static Set<String> tagsOf(String expression) {
        Set<String> tags = new LinkedHashSet<>();
        if (ALL.equals(expression)) {
            return tags;
        }
        for (String tag : expression.split("\\|\\|")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        return tags;
    }
}
