package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageTypeTest extends BrokerTestBase {

    @BeforeEach
    void createTopics() {
        broker.broker().topics().create("plain", 4, TopicMessageType.NORMAL);
        broker.broker().topics().create("ordered", 4, TopicMessageType.FIFO);
        broker.broker().topics().create("later", 1, TopicMessageType.DELAY);
    }

    @Test
    void aDelayedMessageOnANormalTopicIsRefusedNamingBothTypes() {
        RemotingCommand sent = broker.call(send("plain", MessageProperties.TIMER_DELAY_SEC, "5"));

        assertThat(sent.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(sent.remark()).contains("expected type is NORMAL", "actual type is DELAY", "plain");
    }

    @Test
    void aMessageGroupOnANormalTopicIsRefused() {
        RemotingCommand sent = broker.call(send("plain", MessageProperties.SHARDING_KEY, "cart-7"));

        assertThat(sent.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(sent.remark()).contains("expected type is NORMAL", "actual type is FIFO");
    }

    @Test
    void aNormalMessageOnADelayTopicIsRefused() {
        RemotingCommand sent = broker.call(send("later", MessageProperties.KEYS, "k"));

        assertThat(sent.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(sent.remark()).contains("expected type is DELAY", "actual type is NORMAL");
    }

    @Test
    void aFifoTopicTakesQueueOrderedNormalMessagesFromRemotingProducers() {
        RemotingCommand sent = broker.call(send("ordered", MessageProperties.KEYS, "k"));

        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(sent.extField("queueId")).isEqualTo("0");
    }

    @Test
    void oneMessageGroupAlwaysLandsInTheQueueItsHashChooses() {
        int expected = Math.floorMod("cart-7".hashCode(), 4);
        for (int chosen = 0; chosen < 4; chosen++) {
            RemotingCommand sent = broker.call(Requests.sendV2("ordered", chosen, "x".getBytes(StandardCharsets.UTF_8),
                    withProperty(MessageProperties.SHARDING_KEY, "cart-7")));

            assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(sent.extField("queueId")).isEqualTo(Integer.toString(expected));
        }
    }

    @Test
    void theCheckCanBeSwitchedOff(@TempDir Path otherDir) {
        try (BrokerHarness lenient = BrokerHarness.start(otherDir, config -> config.withTopicMessageTypeCheck(false))) {
            lenient.broker().topics().create("plain", 4, TopicMessageType.NORMAL);

            RemotingCommand sent = lenient.call(send("plain", MessageProperties.SHARDING_KEY, "cart-7"));

            assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    private static RemotingCommand send(String topic, String property, String value) {
        return Requests.sendV2(topic, 0, "x".getBytes(StandardCharsets.UTF_8), withProperty(property, value));
    }

    private static Map<String, String> withProperty(String property, String value) {
        Map<String, String> properties = Requests.properties(null, "UNIQ-" + value);
        properties.put(property, value);
        return properties;
    }
}
