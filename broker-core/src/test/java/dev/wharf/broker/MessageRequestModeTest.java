package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import org.junit.jupiter.api.Test;

/** SET_MESSAGE_REQUEST_MODE as {@code mqadmin setConsumeMode} sends it, typically before any consumer ran. */
class MessageRequestModeTest extends BrokerTestBase {

    @Test
    void settingTheModeOfAGroupNoConsumerUsedYetCreatesTheGroup() {
        broker.broker().topics().create("orders", 2, TopicMessageType.NORMAL);

        RemotingCommand answer = broker.call(PopRequests.requestMode("orders", "billing", "POP"));

        assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.broker().groups().get("billing")).isPresent();
    }
}
