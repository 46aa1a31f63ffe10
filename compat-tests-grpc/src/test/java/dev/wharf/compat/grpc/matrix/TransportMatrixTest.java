package dev.wharf.compat.grpc.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.grpc.matrix.RoundTrip.Target;
import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.GatewayProcess;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import dev.wharf.compat.support.SubscriptionGroups;
import dev.wharf.compat.support.Topics;
import dev.wharf.compat.support.Waits;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6's transport matrix against one gateway process: every protocol (Remoting and gRPC with the official
 * clients, HTTP/2, HTTP/1.1 and WebSocket with the JDK's), on its own listener and on a listener carrying all of
 * them, in each TLS mode, with a TLS and a plaintext client. A listener that serves the client carries a message
 * with a unique body there and back; one that does not (TLS to a plaintext-only listener, plaintext to a TLS-only
 * one) makes the client's send fail, logs a line naming the client, and lets no request reach a processor of any
 * protocol (the gateway's request counters stay still).
 *
 * <p>Cases run one at a time, the refused ones first (see {@link MatrixCase#all()}), so nothing else moves the
 * counters while a refusal is checked.
 */
@Execution(ExecutionMode.SAME_THREAD)
class TransportMatrixTest {

    /** How long a refused client may take to give up; each client's own timeouts are shorter. */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(15);

    @RegisterExtension
    static final SharedServer server = SharedServer.gateway(ServerSettings.defaults(), MatrixCase.layout());

    @RegisterExtension
    final Clients remotingPlaintext = new Clients();

    @RegisterExtension
    final Clients remotingTls = Clients.overTls();

    static List<MatrixCase> cases() {
        return MatrixCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theListenerCarriesTheMessageOrRefusesTheClient(MatrixCase matrixCase) throws Exception {
        GatewayProcess gateway = server.gateway();
        Target target = new Target(gateway.address(matrixCase.listener()), matrixCase.tls(),
                Names.unique("Matrix"), Names.unique("GID_matrix"));
        Topics.create(gateway, target.topic(), 1, "NORMAL");
        SubscriptionGroups.create(gateway, target.group(), false, 16);
        String body = Names.unique("body");
        RoundTrip client = roundTrip(matrixCase.protocol());

        if (matrixCase.served()) {
            client.sendAndReceive(target, body);
        } else {
            assertRefused(matrixCase, client, target, body);
        }
    }

    private void assertRefused(MatrixCase matrixCase, RoundTrip client, Target target, String body)
            throws Exception {
        GatewayProcess gateway = server.gateway();
        RequestCounters counters = new RequestCounters(gateway.httpAddress().orElseThrow());
        RefusalLog log = new RefusalLog(gateway.logFile());
        Map<String, Double> requestsBefore = counters.read();
        assertThat(requestsBefore).as("the counters, with this case's admin requests").containsKey("remoting");
        long refusalsBefore = log.refusals(matrixCase.mode());

        Throwable failure = CompletableFuture.runAsync(() -> {
                    try {
                        client.send(target, body);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .handle((sent, error) -> error)
                .get(REFUSAL_BOUND.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(failure).as("the send of a client the listener does not serve").isNotNull();
        Waits.atMostBound("a log line naming the refused client")
                .until(() -> log.refusals(matrixCase.mode()) > refusalsBefore);
        assertThat(counters.read()).as("requests of each protocol that reached a processor").isEqualTo(requestsBefore);
    }

    private RoundTrip roundTrip(ClientProtocol protocol) {
        return switch (protocol) {
            case REMOTING -> new RemotingRoundTrip(remotingPlaintext, remotingTls);
            case GRPC -> new SdkRoundTrip();
            case HTTP2 -> new HttpRoundTrip(HttpClient.Version.HTTP_2);
            case HTTP1_1 -> new HttpRoundTrip(HttpClient.Version.HTTP_1_1);
            case WEBSOCKET -> new WebSocketRoundTrip();
        };
    }
}
