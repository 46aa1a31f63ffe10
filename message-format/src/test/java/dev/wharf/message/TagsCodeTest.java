package dev.wharf.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsCodeTest {

    @Test
    void isTheStringHashOfTheTag() {
        assertThat(TagsCode.of("TagA")).isEqualTo("TagA".hashCode());
        assertThat(TagsCode.of(Map.of(MessageProperties.TAGS, "TagB"))).isEqualTo("TagB".hashCode());
    }

    @Test
    void isZeroWithoutATag() {
        assertThat(TagsCode.of((String) null)).isZero();
        assertThat(TagsCode.of("")).isZero();
        assertThat(TagsCode.of(Map.of("KEYS", "k"))).isZero();
    }
}
