package dev.wharf.plugin.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MQTT topic names and filters onto RocketMQ topics, tags and back. */
class TopicMappingTest {

    @Test
    void theFirstLevelIsTheTopicAndTheRestTheEscapedTag() {
        assertThat(TopicMapping.destination("factory/line-1/temperature"))
                .isEqualTo(new TopicMapping.Destination("factory", "line-1/temperature"));
        assertThat(TopicMapping.destination("factory")).isEqualTo(new TopicMapping.Destination("factory", null));
        assertThat(TopicMapping.destination("factory/a|b/*/50%/x y/é").tag()).isEqualTo("a%7Cb/%2A/50%25/x%20y/é");
    }

    @Test
    void escapingIsUndoneAndLeavesStrayPercentSignsAlone() {
        String levels = "a|b/*/50%/x y/\u0001";
        assertThat(TopicMapping.unescape(TopicMapping.escape(levels))).isEqualTo(levels);
        assertThat(TopicMapping.unescape("100%/x%zz")).isEqualTo("100%/x%zz");
    }

    @Test
    void aTopicThatCannotBeARocketMqTopicIsRefusedByName() {
        assertThatThrownBy(() -> TopicMapping.destination("/leading/slash"))
                .hasMessageContaining("first level ''");
        assertThatThrownBy(() -> TopicMapping.destination("$SYS/broker")).hasMessageContaining("'$SYS'");
        assertThatThrownBy(() -> TopicMapping.destination("a.b/c")).hasMessageContaining("not a RocketMQ topic name");
    }

    @Test
    void deliveriesShowTheirOriginalTopicOrTopicSlashTag() {
        assertThat(TopicMapping.mqttTopic(FakeMessaging.delivery("orders", "x", Map.of("mqttTopic", "orders/eu/x"),
                "b", 1, "h"))).isEqualTo("orders/eu/x");
        assertThat(TopicMapping.mqttTopic(FakeMessaging.delivery("orders", "a%7Cb", Map.of(), "b", 1, "h")))
                .isEqualTo("orders/a|b");
        assertThat(TopicMapping.mqttTopic(FakeMessaging.delivery("orders", null, Map.of(), "b", 1, "h")))
                .isEqualTo("orders");
    }

    @Test
    void filtersMatchWithPlusAndHash() {
        TopicFilter plus = TopicFilter.parse("plant/+/temperature");
        assertThat(plus.matches("plant/hall-1/temperature")).isTrue();
        assertThat(plus.matches("plant/hall-1/pressure")).isFalse();
        assertThat(plus.matches("plant/temperature")).isFalse();
        assertThat(plus.matches("plant/a/b/temperature")).isFalse();

        TopicFilter hash = TopicFilter.parse("plant/hall-2/#");
        assertThat(hash.matches("plant/hall-2")).isTrue();
        assertThat(hash.matches("plant/hall-2/pressure/max")).isTrue();
        assertThat(hash.matches("plant/hall-3/pressure")).isFalse();

        TopicFilter exact = TopicFilter.parse("plant");
        assertThat(exact.matches("plant")).isTrue();
        assertThat(exact.matches("plant/x")).isFalse();
    }

    @Test
    void onlyFiltersWithoutWildcardsNarrowTheBrokersTagFilter() {
        assertThat(TopicFilter.parse("plant/hall 1/temperature").tagExpression()).isEqualTo("hall%201/temperature");
        assertThat(TopicFilter.parse("plant/+/temperature").tagExpression()).isEqualTo("*");
        assertThat(TopicFilter.parse("plant/#").tagExpression()).isEqualTo("*");
        assertThat(TopicFilter.parse("plant").tagExpression()).isEqualTo("*");
    }

    @Test
    void malformedOrUnconsumableFiltersAreRefusedByName() {
        assertThatThrownBy(() -> TopicFilter.parse("plant/#/x")).hasMessageContaining("'#' must be");
        assertThatThrownBy(() -> TopicFilter.parse("plant/a+")).hasMessageContaining("'+' must be");
        assertThatThrownBy(() -> TopicFilter.parse("+/temperature")).hasMessageContaining("cannot be a wildcard");
        assertThatThrownBy(() -> TopicFilter.parse("#")).hasMessageContaining("cannot be a wildcard");
    }
}
