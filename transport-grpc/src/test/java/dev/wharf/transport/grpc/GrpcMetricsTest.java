package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.Resource;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC listener counts its connections and the commands its RPCs become under the protocol "grpc". */
class GrpcMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> CLIENT = Map.of("x-mq-client-id", "client-1", "x-mq-language", "JAVA");

    private final TestGrpcServer server = TestGrpcServer.start();
    private final MeterRegistry registry = server.context.metrics().registry();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void countsConnectionsAndTheCommandsOfItsCalls() throws InterruptedException {
        ManagedChannel first = TestClients.plaintext(server.port());
        ManagedChannel second = TestClients.plaintext(server.port());
        QueryRouteRequest route = QueryRouteRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName("orders"))
                .build();

        TestClients.stub(first, CLIENT).queryRoute(route);
        TestClients.stub(second, CLIENT).queryRoute(route);

        await().atMost(WAIT).until(() -> openConnections() == 2);
        assertThat(registry.get("wharf.connections.opened").tag("protocol", "grpc").counter().count())
                .isEqualTo(2);
        // The test server's broker supports nothing, so the route lookups are answered with errors.
        assertThat(registry.get("wharf.requests")
                        .tags("protocol", "grpc", "request", "GET_ROUTEINFO_BY_TOPIC", "outcome", "error")
                        .counter()
                        .count())
                .isEqualTo(2);

        TestClients.close(first);
        await().atMost(WAIT).until(() -> openConnections() == 1);
        TestClients.close(second);
        await().atMost(WAIT).until(() -> openConnections() == 0);
    }

    private double openConnections() {
        return registry.get("wharf.connections").tag("protocol", "grpc").gauge().value();
    }
}
