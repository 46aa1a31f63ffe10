package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.Resource;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 flow control of a gRPC listener: a fixed window by default, so reading a client's data costs no
 * PING of the server's (grpc-java's bandwidth-delay-product probe, a write and a read more per burst on both
 * ends); the probe only when {@code autoFlowControl} asks for it.
 */
class GrpcFlowControlTest {

    private static final int CALLS = 5;

    @Test
    void aFixedWindowByDefaultSoNoReadIsFollowedByAPing() throws Exception {
        try (TestGrpcServer server = TestGrpcServer.start();
                RawH2cConnection connection = open(server)) {
            callsWithData(connection);

            assertThat(connection.serverSettings().get(5, TimeUnit.SECONDS).initialWindowSize())
                    .isEqualTo(GrpcServerOptions.DEFAULT_FLOW_CONTROL_WINDOW);
            assertThat(connection.serverPings()).isZero();
        }
    }

    @Test
    void theWindowIsAnOption() throws Exception {
        try (TestGrpcServer server = TestGrpcServer.start("flowControlWindow", "262144");
                RawH2cConnection connection = open(server)) {
            assertThat(connection.serverSettings().get(5, TimeUnit.SECONDS).initialWindowSize()).isEqualTo(262_144);
        }
    }

    @Test
    void autoFlowControlProbesTheBandwidthDelayProductWithPings() throws Exception {
        try (TestGrpcServer server = TestGrpcServer.start("autoFlowControl", "true");
                RawH2cConnection connection = open(server)) {
            callsWithData(connection);

            assertThat(connection.serverPings()).isPositive();
        }
    }

    private static RawH2cConnection open(TestGrpcServer server) throws InterruptedException {
        return RawH2cConnection.open(new InetSocketAddress("127.0.0.1", server.port()));
    }

    /** Unary calls, each with a DATA frame, then a PING of ours: a PING the server sent is read before its ack. */
    private static void callsWithData(RawH2cConnection connection) throws Exception {
        byte[] request = QueryRouteRequest.newBuilder().setTopic(Resource.newBuilder().setName("orders")).build()
                .toByteArray();
        for (int call = 0; call < CALLS; call++) {
            connection.unary("/apache.rocketmq.v2.MessagingService/QueryRoute", Map.of(), request)
                    .get(10, TimeUnit.SECONDS);
        }
        connection.ping(42, Duration.ofSeconds(5));
    }
}
