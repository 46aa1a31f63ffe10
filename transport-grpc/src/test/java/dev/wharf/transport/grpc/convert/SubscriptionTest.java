package dev.wharf.transport.grpc.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import dev.wharf.messaging.Filter;
import dev.wharf.transport.spi.messaging.MessagingException;
import org.junit.jupiter.api.Test;

/** The filter's own rules are FilterTest's; here only how a gRPC expression's type maps onto them. */
class SubscriptionTest {

    @Test
    void tagAndUnspecifiedTypesAreTagExpressions() {
        assertThat(Subscription.of(filter(FilterType.TAG, "TagA || TagB"))).isEqualTo(Filter.tags("TagA || TagB"));
        assertThat(Subscription.of(filter(FilterType.FILTER_TYPE_UNSPECIFIED, ""))).isEqualTo(Filter.all());
    }

    @Test
    void aSqlExpressionGoesToTheBrokerAsSql92() {
        assertThat(Subscription.of(filter(FilterType.SQL, "a > 1")).expressionType()).isEqualTo(Filter.SQL92);
        assertThatThrownBy(() -> Subscription.of(filter(FilterType.SQL, " "))).isInstanceOf(MessagingException.class);
    }

    @Test
    void anUnknownTypeIsAnIllegalFilterExpression() {
        assertThatThrownBy(() -> Subscription.of(FilterExpression.newBuilder().setTypeValue(42).build()))
                .isInstanceOfSatisfying(GrpcStatusException.class,
                        e -> assertThat(e.code()).isEqualTo(apache.rocketmq.v2.Code.ILLEGAL_FILTER_EXPRESSION));
    }

    private static FilterExpression filter(FilterType type, String expression) {
        return FilterExpression.newBuilder().setType(type).setExpression(expression).build();
    }
}
