package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server shut down gracefully answers what it already read before it closes, and accepts no one new. */
class GracefulShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TransportContext context = TransportContext.builder().ioThreads(2).build();
    private final ExecutorService pool = context.executors().getOrCreate("graceful", 2, 100);
    private final CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
    private final CompletableFuture<Void> requestArrived = new CompletableFuture<>();
    private final NettyRemotingServer server = new NettyRemotingServer(context, ServerConfig.of("127.0.0.1", 0));
    private final NettyRemotingClient client = new NettyRemotingClient(context, ClientOptions.defaults());

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
        context.close();
    }

    @Test
    void anInFlightRequestIsAnsweredBeforeTheConnectionCloses() {
        String address = start();
        CompletableFuture<RemotingCommand> reply =
                client.invoke(address, RemotingCommand.request(RequestCode.HEART_BEAT).build(), WAIT);
        await().atMost(WAIT).until(requestArrived::isDone);

        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.shutdownGracefully(WAIT));
        await().atMost(WAIT).until(() -> refusesConnections(address));
        assertThat(draining).isNotDone();

        answer.complete(RemotingCommand.responseTo(RemotingCommand.request(RequestCode.HEART_BEAT).build(),
                ResponseCode.SUCCESS).build());

        assertThat(reply).succeedsWithin(WAIT).extracting(RemotingCommand::code).isEqualTo(ResponseCode.SUCCESS);
        assertThat(draining).succeedsWithin(WAIT);
    }

    @Test
    void aRequestStillUnansweredAtTheTimeoutLosesItsConnection() {
        String address = start();
        CompletableFuture<RemotingCommand> reply =
                client.invoke(address, RemotingCommand.request(RequestCode.HEART_BEAT).build(), WAIT);
        await().atMost(WAIT).until(requestArrived::isDone);

        server.shutdownGracefully(Duration.ofMillis(200));

        assertThat(reply).failsWithin(WAIT);
    }

    private String start() {
        server.registerProcessor(RequestCode.HEART_BEAT, (ctx, request) -> {
            requestArrived.complete(null);
            return answer.thenApply(response -> response.withOpaque(request.opaque()));
        }, pool);
        server.start();
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private static boolean refusesConnections(String address) {
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
