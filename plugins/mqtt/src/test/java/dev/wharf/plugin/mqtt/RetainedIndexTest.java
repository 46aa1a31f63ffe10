package dev.wharf.plugin.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RetainedIndexTest {

    @Test
    void aNewerRetainedMessageReplacesTheTopicsAndAClearRemovesIt() {
        RetainedIndex index = new RetainedIndex(10, 1 << 20);

        index.retain(message("sensors/a", "1"));
        index.retain(message("sensors/a", "2"));
        index.retain(message("sensors/b", "3"));
        index.clear("sensors/b");
        index.clear("sensors/never");

        assertThat(index.matching(TopicFilter.parse("sensors/#"))).extracting(RetainedIndexTest::body)
                .containsExactly("2");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void wildcardsMatchAsMqttSays() {
        RetainedIndex index = new RetainedIndex(10, 1 << 20);
        for (String topic : new String[] {"sensors", "sensors/a/temp", "sensors/b/temp", "sensors/a/hum", "orders/a"}) {
            index.retain(message(topic, topic));
        }

        assertThat(index.matching(TopicFilter.parse("sensors/+/temp"))).extracting(RetainedMessage::topic)
                .containsExactlyInAnyOrder("sensors/a/temp", "sensors/b/temp");
        assertThat(index.matching(TopicFilter.parse("sensors/#"))).hasSize(4);
        assertThat(index.matching(TopicFilter.parse("sensors/a/hum"))).extracting(RetainedMessage::topic)
                .containsExactly("sensors/a/hum");
        assertThat(index.matching(TopicFilter.parse("sensors/+"))).isEmpty();
    }

    @Test
    void beyondMaxRetainedANewTopicIsNotKeptUntilAClearMakesRoom() {
        RetainedIndex index = new RetainedIndex(2, 1 << 20);
        assertThat(index.retain(message("t/a", "1"))).isTrue();
        assertThat(index.retain(message("t/b", "1"))).isTrue();

        assertThat(index.retain(message("t/c", "1"))).isFalse();
        assertThat(index.retain(message("t/a", "2"))).as("a replacement takes no more room").isTrue();
        index.clear("t/b");
        assertThat(index.retain(message("t/c", "1"))).isTrue();

        assertThat(index.matching(TopicFilter.parse("t/#"))).extracting(RetainedMessage::topic)
                .containsExactlyInAnyOrder("t/a", "t/c");
    }

    @Test
    void beyondMaxRetainedBytesAMessageIsNotKeptAndTheOneItWouldReplaceIsDroppedAsOutdated() {
        // "t/a" takes 3 bytes of topic name plus its payload.
        RetainedIndex index = new RetainedIndex(10, 10);
        assertThat(index.retain(message("t/a", "1234567"))).isTrue();

        assertThat(index.retain(message("t/a", "12345678"))).isFalse();

        assertThat(index.size()).isZero();
        assertThat(index.retain(message("t/b", "1234567"))).isTrue();
    }

    private static RetainedMessage message(String topic, String body) {
        return new RetainedMessage(topic, 1, body.getBytes(StandardCharsets.UTF_8), topic + "-" + body);
    }

    private static String body(RetainedMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }
}
