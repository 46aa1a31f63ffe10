package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TestConnection;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client made with {@link ClientOptions#withChannelPerOrigin} against real servers on 127.0.0.1: each origin
 * (a front connection, here a {@link TestConnection}) gets its own connection to each address, the server's
 * requests there reach that origin, and the origin's closing closes them.
 */
class ChannelPerOriginTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LIMIT = 3;

    private static TransportContext context;

    private final List<NettyRemotingServer> servers = new ArrayList<>();
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    /** Server-side connections by id, as HEART_BEAT saw them. */
    private final Map<String, Connection> serverSide = new ConcurrentHashMap<>();
    private final String address = startServer();
    private final NettyRemotingClient client = newClient(ClientOptions.defaults().withChannelPerOrigin(LIMIT));

    @BeforeAll
    static void sharedLoops() {
        context = TransportContext.builder().ioThreads(2).build();
    }

    @AfterAll
    static void closeLoops() {
        context.close();
    }

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::close);
        servers.forEach(NettyRemotingServer::shutdown);
    }

    @Test
    void givesEachOriginItsOwnConnectionToAnAddressAndKeepsIt() {
        TestConnection first = new TestConnection();
        TestConnection second = new TestConnection();

        String firstSeen = heartbeat(client, first, address);
        String secondSeen = heartbeat(client, second, address);

        assertThat(firstSeen).isNotEqualTo(secondSeen);
        assertThat(heartbeat(client, first, address)).isEqualTo(firstSeen);
        assertThat(client.originConnections()).isEqualTo(2);
    }

    @Test
    void opensAnOriginsConnectionOnTheEventLoopThatAsksForIt() throws Exception {
        List<EventLoop> loops = new ArrayList<>();
        context.ioGroup().forEach(loop -> loops.add((EventLoop) loop));
        assertThat(loops).hasSize(2);

        for (EventLoop loop : loops) {
            TestConnection origin = new TestConnection();
            CompletableFuture<RemotingCommand> asked = loop.submit(() -> invoke(client, origin, address)).get();
            assertThat(asked.get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(client.connection(origin, address).join().channel().eventLoop()).isSameAs(loop);
        }
    }

    @Test
    void sharesOneConnectionForCommandsWithoutOrigin() {
        String shared = heartbeat(client, null, address);

        assertThat(heartbeat(client, null, address)).isEqualTo(shared);
        assertThat(heartbeat(client, new TestConnection(), address)).isNotEqualTo(shared);
        assertThat(client.originConnections()).isEqualTo(1);
    }

    @Test
    void sharesOneConnectionForEveryOriginWithoutTheOption() {
        NettyRemotingClient plain = newClient(ClientOptions.defaults());

        assertThat(heartbeat(plain, new TestConnection(), address))
                .isEqualTo(heartbeat(plain, new TestConnection(), address))
                .isEqualTo(heartbeat(plain, null, address));
        assertThat(plain.originConnections()).isZero();
    }

    @Test
    void relaysTheServersRequestsToTheOriginAndItsAnswerBack() throws Exception {
        TestConnection first = new TestConnection().answering(request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).opaque(777).remark("first answers").build());
        TestConnection second = new TestConnection();
        Connection towardFirst = serverSide.get(heartbeat(client, first, address));
        heartbeat(client, second, address);

        RemotingCommand answer = towardFirst.invoke(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .extField("consumerGroup", "billing").build(), WAIT).get();
        towardFirst.send(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extField("transactionId", "tx-1").build()).get();

        // The server matched the answer to its request by opaque: it carries the server's, not the origin's.
        assertThat(answer.remark()).isEqualTo("first answers");
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.pushed())
                .extracting(RemotingCommand::code)
                .containsExactly(RequestCode.GET_CONSUMER_RUNNING_INFO, RequestCode.CHECK_TRANSACTION_STATE));
        assertThat(first.pushed().get(1).extField("transactionId")).isEqualTo("tx-1");
        assertThat(second.pushed()).isEmpty();
    }

    @Test
    void closesAnOriginsConnectionsWhenItCloses() {
        String otherAddress = startServer();
        TestConnection origin = new TestConnection();
        Connection here = serverSide.get(heartbeat(client, origin, address));
        Connection there = serverSide.get(heartbeat(client, origin, otherAddress));
        Connection sharedOne = serverSide.get(heartbeat(client, null, address));

        origin.close();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(here.isActive()).isFalse();
            assertThat(there.isActive()).isFalse();
            assertThat(client.originConnections()).isZero();
        });
        assertThat(sharedOne.isActive()).isTrue();
        assertThat(invoke(client, origin, address))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingException.class)
                .withMessageContaining(origin.id() + " closed");
    }

    @Test
    void refusesOneConnectionMoreThanTheLimitUntilOneCloses() {
        List<TestConnection> origins = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            TestConnection origin = new TestConnection();
            origins.add(origin);
            heartbeat(client, origin, address);
        }
        TestConnection oneMore = new TestConnection();

        assertThat(invoke(client, oneMore, address))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(RemotingCommandException.class,
                        refusal -> assertThat(refusal.responseCode()).isEqualTo(ResponseCode.SYSTEM_BUSY))
                .withMessageContaining("all " + LIMIT + " connections")
                .withMessageContaining(oneMore.id());
        // The commands of origins that have their connection still go.
        heartbeat(client, origins.get(0), address);

        origins.get(0).close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.originConnections()).isEqualTo(LIMIT - 1));
        heartbeat(client, oneMore, address);
    }

    /** The id of the server-side connection the heartbeat arrived on. */
    private String heartbeat(NettyRemotingClient caller, Connection origin, String to) {
        return invoke(caller, origin, to).join().extField("connection");
    }

    private static CompletableFuture<RemotingCommand> invoke(
            NettyRemotingClient caller, Connection origin, String to) {
        RequestContext context = origin == null ? null : new RequestContext(origin, 0L);
        return caller.invoke(context, to, RemotingCommand.request(RequestCode.HEART_BEAT).build(), WAIT);
    }

    private String startServer() {
        NettyRemotingServer server = new NettyRemotingServer(context, ServerConfig.of("127.0.0.1", 0));
        server.registerProcessor(RequestCode.HEART_BEAT, (ctx, request) -> {
            serverSide.put(ctx.connection().id(), ctx.connection());
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                    .extField("connection", ctx.connection().id()).build());
        }, Runnable::run);
        servers.add(server);
        server.start();
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private NettyRemotingClient newClient(ClientOptions options) {
        NettyRemotingClient created = new NettyRemotingClient(context, options);
        clients.add(created);
        return created;
    }
}
