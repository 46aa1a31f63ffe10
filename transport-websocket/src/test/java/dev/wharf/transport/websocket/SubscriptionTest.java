package dev.wharf.transport.websocket;

import static dev.wharf.messaging.testing.PopAnswers.POP_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Subscriptions as POP loops bounded by credits and the socket, and the requests that settle deliveries. */
class SubscriptionTest {

    private final EmbeddedWebSocket ws = EmbeddedWebSocket.listener("maxSubscriptions", "2", "maxCredits", "100")
            .open("/v1/ws");
    /** POPs the broker holds (long polling) until the test answers them. */
    private final Queue<CompletableFuture<RemotingCommand>> heldPops = new ConcurrentLinkedQueue<>();

    SubscriptionTest() {
        ws.broker.onLater(RequestCode.POP_MESSAGE, request -> {
            CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
            heldPops.add(answer);
            return answer;
        });
        ws.broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("popTime", POP_TIME + 5).extField("invisibleTime", request.extField("invisibleTime"))
                        .extField("reviveQid", 1).build());
    }

    @Test
    void theServerPopsNoMoreThanTheCreditsAndPollsAgainWhenGrantedMore() {
        ws.sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"group\":\"billing\",\"topic\":\"orders\",\"tag\":\"A||B\","
                + "\"credits\":2}");
        assertThat(ws.onlyEvent()).hasToString("{\"type\":\"subscribed\",\"id\":\"s\",\"subscription\":\"s1\"}");
        RemotingCommand pop = ws.broker.only(RequestCode.POP_MESSAGE);
        assertThat(pop.extFields()).containsEntry("maxMsgNums", "2").containsEntry("consumerGroup", "billing")
                .containsEntry("exp", "A||B").containsEntry("invisibleTime", "30000").containsEntry("pollTime", "20000");

        answerPop(2);

        List<ObjectNode> messages = ws.events();
        assertThat(messages).extracting(event -> event.get("type").asText()).containsExactly("message", "message");
        assertThat(messages.get(0).get("subscription").asText()).isEqualTo("s1");
        assertThat(messages.get(0).get("topic").asText()).isEqualTo("orders");
        assertThat(messages.get(0).get("tag").asText()).isEqualTo("A");
        assertThat(messages.get(0).get("encoding").asText()).isEqualTo("text");
        assertThat(messages.get(0).get("body").asText()).isEqualTo("body-10");
        assertThat(messages.get(0).get("deliveryAttempt").asInt()).isEqualTo(1);
        assertThat(messages.get(0).get("receiptHandle").asText()).isNotBlank();
        assertThat(ws.broker.commands(RequestCode.POP_MESSAGE)).as("no credit left, no poll").hasSize(1);

        ws.sendText("{\"op\":\"credit\",\"id\":\"c\",\"subscription\":\"s1\",\"credits\":1}");

        assertThat(ws.onlyEvent().get("credits").asInt()).isEqualTo(1);
        assertThat(ws.broker.commands(RequestCode.POP_MESSAGE)).hasSize(2).last()
                .satisfies(next -> assertThat(next.extField("maxMsgNums")).isEqualTo("1"));
    }

    @Test
    void aBinarySubscriptionSendsEachBodyAsTheFrameAfterItsEvent() {
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"group\":\"billing\",\"topic\":\"orders\",\"binary\":true}");
        ws.events();

        answerPop(1);

        List<WebSocketFrame> frames = ws.frames();
        assertThat(frames).hasSize(2);
        ObjectNode event = EmbeddedWebSocket.parse(((TextWebSocketFrame) frames.get(0)).text());
        assertThat(event.get("bodyFrame").asBoolean()).isTrue();
        assertThat(event.has("body")).isFalse();
        assertThat(frames.get(1)).isInstanceOf(BinaryWebSocketFrame.class);
        assertThat(frames.get(1).content().toString(StandardCharsets.UTF_8)).isEqualTo("body-10");
        frames.forEach(WebSocketFrame::release);
    }

    @Test
    void nothingIsPoppedWhileTheSocketIsFullNorAreRequestsRead() {
        ws.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ws.channel.runPendingTasks();
        assertThat(ws.channel.config().isAutoRead()).isFalse();
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"group\":\"billing\",\"topic\":\"orders\"}");
        assertThat(ws.broker.commands(RequestCode.POP_MESSAGE)).isEmpty();

        ws.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ws.channel.runPendingTasks();

        assertThat(ws.channel.config().isAutoRead()).isTrue();
        assertThat(ws.broker.commands(RequestCode.POP_MESSAGE)).hasSize(1);
    }

    @Test
    void ackNackAndChangeInvisibleTimeSettleADeliveryAtTheBroker() {
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"group\":\"billing\",\"topic\":\"orders\",\"credits\":3}");
        ws.events();
        answerPop(3);
        List<String> handles = ws.events().stream().map(event -> event.get("receiptHandle").asText()).toList();

        ws.sendText(settle("ack", "a", handles.get(0), ""));
        assertThat(ws.onlyEvent()).hasToString("{\"type\":\"acked\",\"id\":\"a\"}");
        ws.sendText(settle("nack", "n", handles.get(1), ""));
        assertThat(ws.onlyEvent()).hasToString("{\"type\":\"nacked\",\"id\":\"n\"}");
        ws.sendText(settle("changeInvisibleTime", "c", handles.get(2), ",\"invisibleTime\":60000"));
        ObjectNode changed = ws.onlyEvent();

        assertThat(changed.get("type").asText()).isEqualTo("invisibleTimeChanged");
        assertThat(changed.get("receiptHandle").asText()).isNotEqualTo(handles.get(2));
        assertThat(ws.broker.only(RequestCode.ACK_MESSAGE).extField("consumerGroup")).isEqualTo("billing");
        assertThat(ws.broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME))
                .extracting(command -> command.extField("invisibleTime")).containsExactly("1000", "60000");
    }

    @Test
    void aTopicThatDoesNotExistEndsTheSubscriptionWithAnError() {
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"group\":\"billing\",\"topic\":\"nowhere\"}");
        ws.events();

        heldPops.poll().complete(RemotingCommand.errorResponse(ws.broker.only(RequestCode.POP_MESSAGE),
                ResponseCode.TOPIC_NOT_EXIST, "topic[nowhere] not exist"));

        List<ObjectNode> events = ws.events();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("type").asText()).isEqualTo("error");
        assertThat(events.get(0).get("subscription").asText()).isEqualTo("s1");
        assertThat(events.get(0).get("code").asText()).isEqualTo("TOPIC_NOT_FOUND");
        assertThat(events.get(0).get("retrying").asBoolean()).isFalse();
        assertThat(events.get(1)).hasToString("{\"type\":\"unsubscribed\",\"subscription\":\"s1\"}");
        assertThat(ws.channel.isOpen()).isTrue();
    }

    @Test
    void messagesPoppedAfterUnsubscribingAreHandedBackUnseen() {
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"group\":\"billing\",\"topic\":\"orders\"}");
        ws.events();
        ws.sendText("{\"op\":\"unsubscribe\",\"id\":2,\"subscription\":\"s1\"}");
        assertThat(ws.onlyEvent()).hasToString("{\"type\":\"unsubscribed\",\"id\":2,\"subscription\":\"s1\"}");

        answerPop(2);

        assertThat(ws.events()).isEmpty();
        assertThat(ws.broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).hasSize(2)
                .allSatisfy(nack -> assertThat(nack.extField("invisibleTime")).isEqualTo("1000"));
    }

    @Test
    void subscriptionsAndCreditsAreBoundedPerConnection() {
        for (int i = 1; i <= 2; i++) {
            ws.sendText("{\"op\":\"subscribe\",\"id\":" + i + ",\"group\":\"g" + i + "\",\"topic\":\"orders\"}");
        }
        ws.events();
        ws.sendText("{\"op\":\"subscribe\",\"id\":3,\"group\":\"g3\",\"topic\":\"orders\"}");
        assertThat(ws.onlyEvent().get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");

        ws.sendText("{\"op\":\"credit\",\"id\":4,\"subscription\":\"s1\",\"credits\":90}");
        ObjectNode refused = ws.onlyEvent();
        assertThat(refused.get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(refused.get("message").asText()).contains("maxCredits");

        ws.sendText("{\"op\":\"credit\",\"id\":5,\"subscription\":\"s9\",\"credits\":1}");
        assertThat(ws.onlyEvent().get("message").asText()).contains("no subscription s9");
    }

    @Test
    void outstandingBrokerRequestsAreBoundedPerConnection() {
        EmbeddedWebSocket one = EmbeddedWebSocket.listener("maxOutstandingRequests", "1").open("/v1/ws");
        CompletableFuture<RemotingCommand> stored = new CompletableFuture<>();
        one.broker.onLater(RequestCode.SEND_MESSAGE, request -> stored);
        one.sendText("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"body\":\"x\"}");
        one.sendText("{\"op\":\"publish\",\"id\":2,\"topic\":\"orders\",\"body\":\"y\"}");

        ObjectNode refused = one.onlyEvent();
        assertThat(refused.get("id").asInt()).isEqualTo(2);
        assertThat(refused.get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");

        stored.complete(RemotingCommand.responseTo(one.broker.only(RequestCode.SEND_MESSAGE), ResponseCode.SUCCESS)
                .extField("queueId", 0).extField("queueOffset", 0).build());
        assertThat(one.onlyEvent().get("type").asText()).isEqualTo("published");
        one.sendText("{\"op\":\"publish\",\"id\":3,\"topic\":\"orders\",\"body\":\"z\"}");
        assertThat(one.broker.commands(RequestCode.SEND_MESSAGE)).hasSize(2);
    }

    private static String settle(String op, String id, String handle, String extra) {
        return "{\"op\":\"" + op + "\",\"id\":\"" + id + "\",\"group\":\"billing\",\"topic\":\"orders\","
                + "\"receiptHandle\":\"" + handle + "\"" + extra + "}";
    }

    /** Answers the oldest held POP with {@code count} messages of queue 3 from offset 10, tags A, B, A… */
    private void answerPop(int count) {
        RemotingCommand pop = ws.broker.commands(RequestCode.POP_MESSAGE).get(
                ws.broker.commands(RequestCode.POP_MESSAGE).size() - heldPops.size());
        byte[][] records = new byte[count][];
        for (int i = 0; i < count; i++) {
            records[i] = PopAnswers.record("orders", 3, 10 + i, 4096L * (i + 1), i % 2 == 0 ? "A" : "B", 0);
        }
        heldPops.poll().complete(PopAnswers.found(pop, "0 3 10", records));
        ws.channel.runPendingTasks();
    }
}
