package dev.wharf.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import org.junit.jupiter.api.Test;

class FilterTest {

    @Test
    void aTagExpressionTakesTheTagsItNames() {
        Filter tags = Filter.tags(" TagA || TagB ");

        assertThat(tags.expressionType()).isEqualTo(Filter.TAG);
        assertThat(tags.expression()).isEqualTo("TagA || TagB");
        assertThat(tags.accepts("TagA")).isTrue();
        assertThat(tags.accepts("TagC")).isFalse();
        assertThat(tags.accepts(null)).isFalse();
    }

    @Test
    void aStarBlankOrMissingExpressionTakesEverything() {
        assertThat(Filter.tags("*").accepts(null)).isTrue();
        assertThat(Filter.tags(null).expression()).isEqualTo("*");
        assertThat(Filter.tags(" ").accepts("any")).isTrue();
    }

    @Test
    void anEmptySqlExpressionIsRefused() {
        assertThat(Filter.sql("a > 1").accepts("whatever")).isTrue();
        assertThatThrownBy(() -> Filter.sql(" ")).isInstanceOfSatisfying(MessagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_FILTER_EXPRESSION));
    }
}
