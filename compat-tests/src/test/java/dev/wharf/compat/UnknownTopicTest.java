package dev.wharf.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import org.apache.rocketmq.client.common.ClientErrorCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With topic auto-creation off, the client learns that a topic does not exist, and which one. */
class UnknownTopicTest {

    /** ResponseCode.TOPIC_NOT_EXIST; the constant's class moved between the two client lines. */
    private static final int TOPIC_NOT_EXIST = 17;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults().withoutTopicAutoCreation());

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aRouteLookupOfAnUnknownTopicIsAnsweredTopicNotExistNamingTheTopic() {
        String topic = Names.unique("Unknown");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());

        Throwable thrown = catchThrowable(() -> producer.fetchPublishMessageQueues(topic));

        assertThat(thrown).isInstanceOf(MQClientException.class)
                .cause()
                .asInstanceOf(InstanceOfAssertFactories.type(MQClientException.class))
                .satisfies(answer -> {
                    assertThat(answer.getResponseCode()).as("response code of the route lookup").isEqualTo(TOPIC_NOT_EXIST);
                    assertThat(answer.getErrorMessage()).as("remark of the route lookup").contains(topic);
                });
    }

    @Test
    void aSendToAnUnknownTopicFailsAsTopicNotExistNamingTheTopic() {
        String topic = Names.unique("Unknown");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());

        Throwable thrown = catchThrowable(() -> producer.send(Payload.named("TagA", "lost").toMessage(topic)));

        // Two correct outcomes, depending on whether the server offers a route for auto-creation (TBW102):
        // the broker refuses the send with TOPIC_NOT_EXIST, or the client finds no route at all, because
        // the lookup answered TOPIC_NOT_EXIST (checked above), and says so itself.
        assertThat(thrown).asInstanceOf(InstanceOfAssertFactories.type(MQClientException.class)).satisfiesAnyOf(
                failure -> {
                    assertThat(failure.getResponseCode()).isEqualTo(TOPIC_NOT_EXIST);
                    assertThat(failure.getCause()).asInstanceOf(InstanceOfAssertFactories.type(MQBrokerException.class))
                            .satisfies(refusal -> assertThat(refusal.getErrorMessage()).contains(topic));
                },
                failure -> {
                    assertThat(failure.getResponseCode()).isEqualTo(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION);
                    assertThat(failure.getMessage()).contains("No route info of this topic: " + topic);
                });
    }
}
