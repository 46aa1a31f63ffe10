package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SET_MESSAGE_REQUEST_MODE as {@code mqadmin setConsumeMode} sends it, typically before any consumer ran. */
class MessageRequestModeTest extends BrokerTestBase {

    @Test
    void settingTheModeOfAGroupNoConsumerUsedYetCreatesTheGroup() {
        broker.broker().topics().create("orders", 2, TopicMessageType.NORMAL);

        RemotingCommand answer = broker.call(setMode("orders", "billing", "POP"));

        assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.broker().groups().get("billing")).isPresent();
    }

    @Test
    void anIllegalGroupNameIsRefusedByName() {
        broker.broker().topics().create("orders", 2, TopicMessageType.NORMAL);

        RemotingCommand answer = broker.call(setMode("orders", "bad group!", "POP"));

        assertThat(answer.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(answer.remark()).contains("bad group!");
        assertThat(broker.broker().groups().get("bad group!")).isEmpty();
    }

    private static RemotingCommand setMode(String topic, String group, String mode) {
        String body = """
                {"topic":"%s","consumerGroup":"%s","mode":"%s","popShareQueueNum":0}""".formatted(topic, group, mode);
        return RemotingCommand.request(RequestCode.SET_MESSAGE_REQUEST_MODE)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
