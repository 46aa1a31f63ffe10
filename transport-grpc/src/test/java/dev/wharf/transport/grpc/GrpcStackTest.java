package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.Resource;
import dev.wharf.transport.grpc.TestClients.TrustingRecorder;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC service of a listener starts with its first connection, once, however many arrive together. */
class GrpcStackTest {

    private static final QueryRouteRequest QUERY_ROUTE = QueryRouteRequest.newBuilder()
            .setTopic(Resource.newBuilder().setName("orders"))
            .build();
    private static final int CLIENTS = 8;

    private final TestGrpcServer server = TestGrpcServer.start();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(CLIENTS);

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        for (ManagedChannel channel : channels) {
            TestClients.close(channel);
        }
        server.close();
    }

    @Test
    void aListenerNobodySpokeToHasNoGrpcServerButShowsItsConnections() {
        assertThat(server.server.sessions()).isEmpty();
        assertThat(server.server.localAddress().getPort()).isPositive();
        assertThat(server.context.metrics().registry().get("wharf.connections.opened").tag("protocol", "grpc")
                .counter().count()).isZero();
    }

    @Test
    void connectionsArrivingTogetherAllReachTheOneServiceTheFirstOfThemStarted() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            // Half over TLS, half in plaintext: the port's negotiation is part of what starts.
            ManagedChannel channel = i % 2 == 0
                    ? TestClients.plaintext(server.port())
                    : TestClients.tls(server.port(), new TrustingRecorder());
            channels.add(channel);
            Map<String, String> client = Map.of("x-mq-client-id", "client-" + i, "x-mq-language", "JAVA");
            calls.add(CompletableFuture.runAsync(() -> {
                awaitQuietly(go);
                TestClients.stub(channel, client).queryRoute(QUERY_ROUTE);
            }, callers));
        }
        go.countDown();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // A second stack would hold some of the clients and this one would miss them.
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(server.server.sessions().orElseThrow().find("client-" + i)).as("client-" + i).isPresent();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
