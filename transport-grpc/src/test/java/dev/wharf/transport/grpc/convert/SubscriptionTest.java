package dev.wharf.transport.grpc.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import dev.wharf.messaging.Filter;
import dev.wharf.messaging.MessagingException;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    @Test
    void aTagExpressionTakesTheTagsItNames() {
        Filter tags = Subscription.of(filter(FilterType.TAG, " TagA || TagB "));

        assertThat(tags.expressionType()).isEqualTo("TAG");
        assertThat(tags.expression()).isEqualTo("TagA || TagB");
        assertThat(tags.accepts("TagA")).isTrue();
        assertThat(tags.accepts("TagC")).isFalse();
        assertThat(tags.accepts(null)).isFalse();
    }

    @Test
    void aStarOrBlankTakesEverything() {
        assertThat(Subscription.of(filter(FilterType.TAG, "*")).accepts(null)).isTrue();
        assertThat(Subscription.of(filter(FilterType.TAG, "")).expression()).isEqualTo("*");
        assertThat(Filter.all().accepts("any")).isTrue();
    }

    @Test
    void aSqlExpressionGoesToTheBrokerAsSql92AndIsNotRecheckedByTag() {
        Filter sql = Subscription.of(filter(FilterType.SQL, "a > 1"));

        assertThat(sql.expressionType()).isEqualTo("SQL92");
        assertThat(sql.accepts("whatever")).isTrue();
        assertThatThrownBy(() -> Subscription.of(filter(FilterType.SQL, " "))).isInstanceOf(MessagingException.class);
    }

    private static FilterExpression filter(FilterType type, String expression) {
        return FilterExpression.newBuilder().setType(type).setExpression(expression).build();
    }
}
