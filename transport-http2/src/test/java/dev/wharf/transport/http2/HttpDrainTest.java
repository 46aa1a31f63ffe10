package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.transport.http2.testing.H2cClient;
import dev.wharf.transport.http2.testing.Http;
import dev.wharf.transport.http2.testing.TestServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP listener drained ({@code shutdownGracefully}): a request in progress is answered (over HTTP/1.1 with
 * {@code Connection: close}, over HTTP/2 after a GOAWAY naming its stream), an event stream ends cleanly, nobody new
 * gets in, and a request that never finishes does not hold the drain past its timeout. HTTP/2 is spoken with a Netty
 * client: the JDK 17 client drops its streams on GOAWAY.
 */
class HttpDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PUBLISH = "/v1/topics/orders/messages";
    private static final String STREAM = "/v1/groups/billing/topics/orders/stream";

    private final TestServer server = TestServer.start();
    private final int port = server.port();
    private final CompletableFuture<RemotingCommand> sendArrived = new CompletableFuture<>();
    private final CompletableFuture<RemotingCommand> sendAnswer = new CompletableFuture<>();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void http1RequestInProgressIsAnsweredWithConnectionCloseAndNobodyNewGetsIn() {
        holdSends();
        CompletableFuture<HttpResponse<String>> published = Http.of(HttpClient.Version.HTTP_1_1).client().sendAsync(
                HttpRequest.newBuilder(server.uri(PUBLISH)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"hello\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sendArrived).succeedsWithin(WAIT);

        CompletableFuture<Void> draining = drainInBackground();
        answerSend();

        assertThat(published).succeedsWithin(WAIT).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("connection")).hasValue("close");
        });
        assertThat(draining).succeedsWithin(WAIT);
    }

    @Test
    void http2RequestInProgressIsAnsweredAfterAGoAwayNamingItsStream() throws Exception {
        holdSends();
        try (H2cClient client = new H2cClient(port)) {
            H2cClient.Stream publish = client.request("POST", PUBLISH, "{\"body\": \"hello\"}");
            assertThat(sendArrived).succeedsWithin(WAIT);

            CompletableFuture<Void> draining = drainInBackground();
            assertThat(client.goAwayLastStreamId()).succeedsWithin(WAIT).isEqualTo(publish.id());
            assertThat(draining).isNotDone();
            answerSend();

            assertThat(publish.status()).succeedsWithin(WAIT).isEqualTo(200);
            assertThat(publish.ended()).succeedsWithin(WAIT);
            assertThat(client.closed()).succeedsWithin(WAIT);
            assertThat(draining).succeedsWithin(WAIT);
        }
    }

    @Test
    void http1EventStreamEndsCleanly() throws Exception {
        popOneMessageThenWait();
        HttpResponse<Stream<String>> response = Http.of(HttpClient.Version.HTTP_1_1).client().send(
                HttpRequest.newBuilder(server.uri(STREAM)).build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = response.body().iterator();
        assertThat(lines.next()).isEqualTo("event: message");

        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.shutdownGracefully(WAIT));

        // The rest of the event, then the end of the body: no error.
        CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> lines.forEachRemaining(line -> {}));
        assertThat(rest).succeedsWithin(WAIT);
        assertThat(draining).succeedsWithin(WAIT);
    }

    @Test
    void http2EventStreamEndsCleanly() throws Exception {
        popOneMessageThenWait();
        try (H2cClient client = new H2cClient(port)) {
            H2cClient.Stream events = client.request("GET", STREAM, null);
            assertThat(events.status()).succeedsWithin(WAIT).isEqualTo(200);
            assertThat(events.data().poll(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("event: message");

            server.shutdownGracefully(WAIT);

            assertThat(events.ended()).succeedsWithin(WAIT);
            assertThat(client.closed()).succeedsWithin(WAIT);
        }
    }

    @Test
    void http1RequestThatNeverFinishesLosesItsConnectionAtTheTimeout() {
        holdSends();
        CompletableFuture<HttpResponse<String>> published = Http.of(HttpClient.Version.HTTP_1_1).client().sendAsync(
                HttpRequest.newBuilder(server.uri(PUBLISH)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"hello\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sendArrived).succeedsWithin(WAIT);

        server.shutdownGracefully(Duration.ofMillis(300));

        assertThat(published).failsWithin(WAIT);
    }

    @Test
    void http2RequestThatNeverFinishesLosesItsConnectionAtTheTimeout() throws Exception {
        holdSends();
        try (H2cClient client = new H2cClient(port)) {
            H2cClient.Stream publish = client.request("POST", PUBLISH, "{\"body\": \"hello\"}");
            assertThat(sendArrived).succeedsWithin(WAIT);

            server.shutdownGracefully(Duration.ofMillis(300));

            assertThat(client.closed()).succeedsWithin(WAIT);
            assertThat(publish.ended()).failsWithin(WAIT);
        }
    }

    /** Starts the drain and waits until the listening socket is closed while the drain goes on. */
    private CompletableFuture<Void> drainInBackground() {
        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.shutdownGracefully(WAIT));
        await().atMost(WAIT).until(() -> refusesConnections(port));
        assertThat(draining).isNotDone();
        return draining;
    }

    private void holdSends() {
        server.broker().onLater(RequestCode.SEND_MESSAGE, request -> {
            sendArrived.complete(request);
            return sendAnswer.thenApply(answer -> answer.withOpaque(request.opaque()));
        });
    }

    private void answerSend() {
        sendAnswer.complete(RemotingCommand.responseTo(sendArrived.join(), ResponseCode.SUCCESS)
                .extField("queueId", 0).extField("queueOffset", 7).build());
    }

    /** The first POP finds a message; later ones wait at the broker, as a long poll with nothing new does. */
    private void popOneMessageThenWait() {
        AtomicInteger pops = new AtomicInteger();
        server.broker().onLater(RequestCode.POP_MESSAGE, request -> pops.incrementAndGet() == 1
                ? CompletableFuture.completedFuture(PopAnswers.found(request, "0 1 1",
                        PopAnswers.record("orders", 1, 1, 4096L, "A", 0)))
                : new CompletableFuture<>());
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
