package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderReaderTest {

    private final HeaderReader header = HeaderReader.of(
            Map.of("topic", "orders", "queueId", "3", "offset", "x12", "empty", "", "b", "v2-topic", "wait", "TRUE"));

    @Test
    void readsTypedValues() {
        assertThat(header.requiredString("topic")).isEqualTo("orders");
        assertThat(header.requiredInt("queueId")).isEqualTo(3);
        assertThat(header.optionalLong("missing", 15_000L)).isEqualTo(15_000L);
        assertThat(header.optionalBoolean("wait", false)).isTrue();
    }

    @Test
    void emptyStringCountsAsAbsent() {
        assertThat(header.optionalString("empty")).isNull();
        assertThat(header.optionalInt("empty", 5)).isEqualTo(5);
    }

    @Test
    void firstStringReadsAliases() {
        assertThat(header.firstString("topicV1", "b")).isEqualTo("v2-topic");
        assertThat(header.firstString("nope", "neither")).isNull();
    }

    @Test
    void missingRequiredFieldIsAnInvalidParameterNamingIt() {
        assertThatThrownBy(() -> header.requiredString("consumerGroup"))
                .isInstanceOfSatisfying(RemotingCommandException.class, e -> assertThat(e.responseCode())
                        .isEqualTo(ResponseCode.INVALID_PARAMETER))
                .hasMessageContaining("consumerGroup");
    }

    @Test
    void malformedNumberNamesFieldAndValue() {
        assertThatThrownBy(() -> header.requiredLong("offset"))
                .isInstanceOf(RemotingCommandException.class)
                .hasMessageContaining("offset")
                .hasMessageContaining("x12");
    }
}
