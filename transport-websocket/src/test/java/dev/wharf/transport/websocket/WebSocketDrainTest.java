package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.DrainEvent;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket listener drained: requests under way are answered before the 1001 (going away) close frame, nothing
 * new is served, subscriptions stop and hand back what their poll still brings, nobody new gets in, and a request
 * that never finishes does not hold the drain past its timeout.
 */
class WebSocketDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PUBLISH = "{\"op\":\"publish\",\"id\":\"p\",\"topic\":\"orders\",\"body\":\"hi\"}";

    private final CompletableFuture<RemotingCommand> sendArrived = new CompletableFuture<>();
    private final CompletableFuture<RemotingCommand> sendAnswer = new CompletableFuture<>();
    private final TransportContext context = TransportContext.builder().ioThreads(1).build();
    private RemotingServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        context.close();
    }

    @Test
    void aPublishUnderWayIsAnsweredBeforeTheGoingAwayCloseAndNothingNewIsServed() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listener().open("/v1/ws");
        holdSends(ws.broker);
        ws.sendText(PUBLISH);

        ws.channel.pipeline().fireUserEventTriggered(new DrainEvent(WAIT));
        ws.sendText(PUBLISH.replace("\"p\"", "\"late\""));
        assertThat(ws.frames()).isEmpty();
        assertThat(ws.channel.isOpen()).isTrue();

        answerSend();
        ws.channel.runPendingTasks();

        List<WebSocketFrame> frames = ws.frames();
        assertThat(frames).hasSize(2);
        assertThat(EmbeddedWebSocket.parse(((TextWebSocketFrame) frames.get(0)).text()).get("id").asText())
                .isEqualTo("p");
        assertThat(((CloseWebSocketFrame) frames.get(1)).statusCode()).isEqualTo(1001);
        assertThat(ws.channel.isOpen()).isFalse();
        assertThat(ws.broker.commands(RequestCode.SEND_MESSAGE)).hasSize(1);
    }

    @Test
    void aDrainedSubscriptionStopsAndHandsBackWhatItsPollStillBrings() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listener().open("/v1/ws");
        CompletableFuture<RemotingCommand> heldPop = new CompletableFuture<>();
        ws.broker.onLater(RequestCode.POP_MESSAGE, request -> heldPop);
        ws.broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("popTime", PopAnswers.POP_TIME + 5)
                        .extField("invisibleTime", request.extField("invisibleTime")).extField("reviveQid", 1).build());
        ws.sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"group\":\"billing\",\"topic\":\"orders\"}");
        assertThat(ws.onlyEvent().get("type").asText()).isEqualTo("subscribed");

        ws.channel.pipeline().fireUserEventTriggered(new DrainEvent(WAIT));

        assertThat(ws.closedWith().statusCode()).isEqualTo(1001);
        RemotingCommand pop = ws.broker.only(RequestCode.POP_MESSAGE);
        heldPop.complete(PopAnswers.found(pop, "0 3 10", PopAnswers.record("orders", 3, 10, 4096, "A", 0),
                PopAnswers.record("orders", 3, 11, 8192, "A", 0)));
        ws.channel.runPendingTasks();
        assertThat(ws.broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).as("both handed back").hasSize(2);
        assertThat(ws.broker.commands(RequestCode.POP_MESSAGE)).as("no poll after the drain").hasSize(1);
    }

    @Test
    void aDrainedListenerRefusesNewConnectionsAndAnswersWhatItReadFirst() {
        RecordingBroker broker = new RecordingBroker();
        holdSends(broker);
        URI uri = start(broker);
        try (TestClient client = TestClient.connect(uri)) {
            client.send(PUBLISH);
            assertThat(sendArrived).succeedsWithin(WAIT);

            CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.shutdownGracefully(WAIT));
            await().atMost(WAIT).until(() -> refusesConnections(uri.getPort()));
            assertThat(draining).isNotDone();
            answerSend();

            assertThat(client.next().get("id").asText()).isEqualTo("p");
            assertThat(client.closed().code()).isEqualTo(1001);
            assertThat(draining).succeedsWithin(WAIT);
        }
    }

    @Test
    void aRequestThatNeverFinishesDoesNotHoldTheDrainPastItsTimeout() {
        RecordingBroker broker = new RecordingBroker();
        holdSends(broker);
        URI uri = start(broker);
        try (TestClient client = TestClient.connect(uri)) {
            client.send(PUBLISH);
            assertThat(sendArrived).succeedsWithin(WAIT);

            server.shutdownGracefully(Duration.ofMillis(300));

            assertThat(client.closed().code()).isEqualTo(1001);
        }
    }

    private URI start(RecordingBroker broker) {
        server = new WebSocketTransportProvider().newServer(context, ServerConfig.of("127.0.0.1", 0));
        server.registerDefaultProcessor((ctx, command) -> broker.processors().dispatch(ctx, command), Runnable::run);
        server.start();
        return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/v1/ws");
    }

    private void holdSends(RecordingBroker broker) {
        broker.onLater(RequestCode.SEND_MESSAGE, request -> {
            sendArrived.complete(request);
            return sendAnswer.thenApply(answer -> answer.withOpaque(request.opaque()));
        });
    }

    private void answerSend() {
        sendAnswer.complete(RemotingCommand.responseTo(sendArrived.join(), ResponseCode.SUCCESS)
                .extField("queueId", 2).extField("queueOffset", 5).build());
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
