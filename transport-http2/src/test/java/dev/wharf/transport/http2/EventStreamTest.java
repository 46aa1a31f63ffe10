package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.transport.http2.testing.Http;
import dev.wharf.transport.http2.testing.TestServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Server-Sent-Events stream: it keeps popping, writes each message as an event, and sends heartbeats. */
class EventStreamTest {

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void deliversMessagesFromSeveralPopsAndHeartbeats(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.of("127.0.0.1", 0).withOption("heartbeat", "100"))) {
            AtomicInteger pops = new AtomicInteger();
            server.broker().onLater(RequestCode.POP_MESSAGE, request -> {
                int pop = pops.incrementAndGet();
                if (pop <= 2) {
                    return CompletableFuture.completedFuture(PopAnswers.found(request, "0 1 " + pop,
                            PopAnswers.record("orders", 1, pop, 4096L * pop, "A", 0)));
                }
                // Later pops wait at the broker, as a long poll with nothing new does.
                return new CompletableFuture<RemotingCommand>();
            });
            Http http = Http.of(version);

            HttpResponse<Stream<String>> response = http.client().send(
                    HttpRequest.newBuilder(server.uri("/v1/groups/billing/topics/orders/stream?invisibleTime=60s"))
                            .build(), HttpResponse.BodyHandlers.ofLines());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            Iterator<String> lines = response.body().iterator();
            assertThat(List.of(lines.next(), lines.next())).containsExactly("event: message", "id: ID-orders-1");
            String data = lines.next();
            assertThat(data).startsWith("data: ");
            assertThat(new ObjectMapper().readTree(data.substring(6)).path("body").asText()).isEqualTo("body-1");
            assertThat(lines.next()).isEmpty();
            assertThat(List.of(lines.next(), lines.next())).containsExactly("event: message", "id: ID-orders-2");
            lines.next();
            lines.next();
            assertThat(lines.next()).isEqualTo(": heartbeat");
            response.body().close();
            assertThat(server.broker().commands(RequestCode.POP_MESSAGE).get(0).extField("pollTime")).isEqualTo("0");
            assertThat(server.broker().commands(RequestCode.POP_MESSAGE).get(1).extField("pollTime")).isEqualTo("20000");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void answersAnErrorInsteadOfAStreamWhenTheFirstPopIsRefused(HttpClient.Version version) {
        try (TestServer server = TestServer.start()) {
            server.broker().refuse(RequestCode.POP_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "no topic");

            HttpResponse<String> response = Http.of(version).get(server.uri("/v1/groups/billing/topics/nowhere/stream"));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("TOPIC_NOT_FOUND");
        }
    }
}
