package dev.wharf.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.store.MessageFilter;
import dev.wharf.message.TagsCode;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import org.junit.jupiter.api.Test;

class TagFilterTest {

    @Test
    void starBlankAndNullTakeEverything() {
        assertThat(TagFilter.parse("TAG", "*")).isSameAs(MessageFilter.ALL);
        assertThat(TagFilter.parse(null, " ")).isSameAs(MessageFilter.ALL);
        assertThat(TagFilter.parse("", null)).isSameAs(MessageFilter.ALL);
    }

    @Test
    void alternativesMatchByTagHash() {
        MessageFilter filter = TagFilter.parse("tag", " TagA ||TagB|| ");

        assertThat(filter.matches(TagsCode.of("TagA"))).isTrue();
        assertThat(filter.matches(TagsCode.of("TagB"))).isTrue();
        assertThat(filter.matches(TagsCode.of("TagC"))).isFalse();
        assertThat(filter.matches(TagsCode.of((String) null))).isFalse();
    }

    @Test
    void sql92AndUnknownTypesFailToParse() {
        assertThatThrownBy(() -> TagFilter.parse("SQL92", "a > 1"))
                .isInstanceOfSatisfying(RemotingCommandException.class, e ->
                        assertThat(e.responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED));
        assertThatThrownBy(() -> TagFilter.parse("REGEX", "a.*"))
                .isInstanceOfSatisfying(RemotingCommandException.class, e ->
                        assertThat(e.getMessage()).contains("REGEX"));
    }
}
