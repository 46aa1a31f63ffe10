package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server counts its connections and requests under the protocol "remoting"; its clients count nothing. */
class RemotingServerMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportContext context = TransportContext.builder().ioThreads(1).meterRegistry(registry).build();
    private final NettyRemotingServer server = new NettyRemotingServer(context, ServerConfig.of("127.0.0.1", 0));

    @AfterEach
    void stop() {
        server.shutdown();
        context.close();
    }

    @Test
    void countsConnectionsAndRequestsOfItsClients() {
        server.registerProcessor(RequestCode.HEART_BEAT, (ctx, req) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(req, ResponseCode.SUCCESS).build()), Runnable::run);
        server.start();
        String address = "127.0.0.1:" + server.localAddress().getPort();
        NettyRemotingClient first = new NettyRemotingClient(context, ClientOptions.defaults());
        NettyRemotingClient second = new NettyRemotingClient(context, ClientOptions.defaults());

        first.invoke(address, RemotingCommand.request(RequestCode.HEART_BEAT).build(), WAIT).join();
        first.invoke(address, RemotingCommand.request(RequestCode.HEART_BEAT).build(), WAIT).join();
        second.invoke(address, RemotingCommand.request(RequestCode.GET_MAX_OFFSET).build(), WAIT).join();

        await().atMost(WAIT).until(() -> openConnections() == 2);
        assertThat(registry.get("wharf.connections.opened").tag("protocol", "remoting").counter().count())
                .isEqualTo(2);
        assertThat(requests("HEART_BEAT", "success")).isEqualTo(2);
        assertThat(requests("GET_MAX_OFFSET", "error")).isEqualTo(1);

        first.close();
        await().atMost(WAIT).until(() -> openConnections() == 1);
        second.close();
        await().atMost(WAIT).until(() -> openConnections() == 0);
    }

    private double openConnections() {
        return registry.get("wharf.connections").tag("protocol", "remoting").gauge().value();
    }

    private double requests(String request, String outcome) {
        return registry.get("wharf.requests")
                .tags("protocol", "remoting", "request", request, "outcome", outcome)
                .counter()
                .count();
    }
}
