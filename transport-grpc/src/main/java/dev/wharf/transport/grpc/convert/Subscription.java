package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterExpression;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A consumer's filter expression as the broker's {@code expType}/{@code exp} headers, and the exact tag
 * check that goes with them: the broker filters TAG subscriptions by tag hash, so, as RocketMQ's clients
 * do, the gateway re-checks the tag string of what comes back.
 *
 * <pre>{@code
 * Subscription tags = Subscription.of(FilterExpression.newBuilder()
 *         .setType(FilterType.TAG).setExpression("TagA || TagB").build());
 * tags.accepts("TagA");   // true
 * }</pre>
 *
 * @param expressionType {@code TAG} or {@code SQL92}
 * @param expression the expression, {@code *} for every message
 * @param tags the tags a TAG expression names; empty when it takes every message (and for SQL92)
 */
public record Subscription(String expressionType, String expression, Set<String> tags) {

    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";
    private static final String ALL = "*";

    /** Every message. */
    public static Subscription all() {
        return new Subscription(TAG, ALL, Set.of());
    }

    /**
     * The subscription of a request's filter expression; an unset type reads as TAG, a blank expression
     * as {@code *}.
     *
     * @throws GrpcStatusException ILLEGAL_FILTER_EXPRESSION for an unknown type
     */
    public static Subscription of(FilterExpression filter) {
        String expression = filter.getExpression().isBlank() ? ALL : filter.getExpression().trim();
        return switch (filter.getType()) {
            case TAG, FILTER_TYPE_UNSPECIFIED -> new Subscription(TAG, expression, tags(expression));
            case SQL -> {
                if (ALL.equals(expression)) {
                    throw new GrpcStatusException(Code.ILLEGAL_FILTER_EXPRESSION,
                            "a SQL filter expression cannot be empty");
                }
                yield new Subscription(SQL92, expression, Set.of());
            }
            default -> throw new GrpcStatusException(Code.ILLEGAL_FILTER_EXPRESSION,
                    "filter expression type " + filter.getTypeValue() + " is neither TAG nor SQL");
        };
    }

    /** Whether a message with this tag (null for none) is one the consumer asked for. */
    public boolean accepts(String tag) {
        return tags.isEmpty() || (tag != null && tags.contains(tag));
    }

    private static Set<String> tags(String expression) {
        Set<String> tags = new LinkedHashSet<>();
        if (ALL.equals(expression)) {
            return tags;
        }
        for (String tag : expression.split("\\|\\|")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        return Set.copyOf(tags);
    }
}
