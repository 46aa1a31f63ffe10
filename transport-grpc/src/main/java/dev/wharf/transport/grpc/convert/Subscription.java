package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterExpression;
import dev.wharf.messaging.Filter;

/** A gRPC filter expression as the shared {@link Filter}: an unset type reads as TAG, a blank expression as {@code *}. */
public final class Subscription {

    private Subscription() {}

    /**
     * The filter of a request's expression.
     *
     * @throws GrpcStatusException ILLEGAL_FILTER_EXPRESSION for an unknown type or an empty SQL expression
     */
    public static Filter of(FilterExpression filter) {
        return switch (filter.getType()) {
            case TAG, FILTER_TYPE_UNSPECIFIED -> Filter.tags(filter.getExpression());
            case SQL -> Filter.sql(filter.getExpression());
            default -> throw new GrpcStatusException(Code.ILLEGAL_FILTER_EXPRESSION,
                    "filter expression type " + filter.getTypeValue() + " is neither TAG nor SQL");
        };
    }
}
