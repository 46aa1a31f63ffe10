package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LongPollingTest extends BrokerTestBase {

    private static final int SUSPENDED = Requests.PULL_SUBSCRIPTION | Requests.PULL_SUSPEND;

    @BeforeEach
    void createTopics() {
        broker.broker().topics().create("orders", 1, TopicMessageType.NORMAL);
    }

    @Test
    void aHeldPullAnswersAsSoonAsAMessageArrives() {
        CompletableFuture<RemotingCommand> held = broker.dispatch(broker.connection,
                Requests.pull("group", "orders", 0, 0, SUSPENDED, "*", 30_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> heldPulls() == 1);
        assertThat(held).isNotDone();

        broker.call(Requests.sendV2("orders", 0, "late", null));

        RemotingCommand answer = BrokerHarness.await(held);
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(StoredMessageCodec.decodeAll(answer.body()))
                .extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                .containsExactly("late");
    }

    @Test
    void aHeldPullTimesOutAsNotFound() {
        RemotingCommand answer = broker.call(Requests.pull("group", "orders", 0, 0, SUSPENDED, "*", 200));

        assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(answer.extField("nextBeginOffset")).isEqualTo("0");
        assertThat(heldPulls()).isZero();
    }

    @Test
    void aMessageItsTagsDoNotTakeLeavesThePullHeld() {
        CompletableFuture<RemotingCommand> held = broker.dispatch(broker.connection,
                Requests.pull("group", "orders", 0, 0, SUSPENDED, "TagA", 30_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> heldPulls() == 1);

        broker.call(Requests.sendV2("orders", 0, "other", "TagB"));
        broker.call(Requests.sendV2("orders", 0, "wanted", "TagA"));

        RemotingCommand answer = BrokerHarness.await(held);
        assertThat(StoredMessageCodec.decodeAll(answer.body())).extracting(StoredMessage::tags).containsExactly("TagA");
    }

    @Test
    void aPullWithoutTheSuspendBitIsAnsweredAtOnce() {
        RemotingCommand answer = broker.call(Requests.pull("group", "orders", 0, 0,
                Requests.PULL_SUBSCRIPTION, "*", 30_000));

        assertThat(answer.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
    }

    private int heldPulls() {
        return broker.broker().heldPulls();
    }
}
