package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import dev.wharf.transport.grpc.RawH2cConnection.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Client keepalive pings on a connection without calls: the 5.x SDKs ping every 5 minutes whether or not
 * they have calls open, and a server that counts those pings as abuse sends GOAWAY "too_many_pings".
 * Pings here come from a raw HTTP/2 client, as grpc-java's will not ping more often than every 10 s.
 */
class GrpcKeepAliveTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int PINGS = 5;

    @Test
    void pingsWithoutCallsAtThePermittedIntervalAreTolerated() throws Exception {
        try (TestGrpcServer server = TestGrpcServer.start("permitKeepAliveTime", String.valueOf(INTERVAL.toMillis()));
                RawH2cConnection connection = RawH2cConnection.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            for (long ping = 1; ping <= PINGS; ping++) {
                // As a client's keepalive timer does: the next ping an interval after the last was answered.
                TimeUnit.MILLISECONDS.sleep(INTERVAL.toMillis());
                connection.ping(ping, Duration.ofSeconds(5));
            }

            Reply reply = connection.unary("/apache.rocketmq.v2.MessagingService/QueryRoute", Map.of(),
                            QueryRouteRequest.newBuilder().setTopic(Resource.newBuilder().setName("orders")).build()
                                    .toByteArray())
                    .get(10, TimeUnit.SECONDS);

            assertThat(reply.trailers().get("grpc-status")).hasToString("0");
            assertThat(QueryRouteResponse.parseFrom(reply.message()).getStatus().getCode())
                    .isEqualTo(Code.CLIENT_ID_REQUIRED);
            assertThat(connection.goAway()).isNotDone();
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void pingsMoreOftenThanPermittedEndTheConnection() throws Exception {
        try (TestGrpcServer server = TestGrpcServer.start("permitKeepAliveTime", "PT1H");
                RawH2cConnection connection = RawH2cConnection.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            for (long ping = 1; ping <= PINGS && !connection.goAway().isDone(); ping++) {
                connection.ping(ping, Duration.ofSeconds(5));
            }

            assertThat(connection.goAway().get(5, TimeUnit.SECONDS)).isEqualTo("too_many_pings");
        }
    }
}
