package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server and a real client on 127.0.0.1, on one shared set of event loops. */
class RemotingLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Answers with the request's extFields and body, and the id of the server-side connection. */
    private static final int ECHO = RequestCode.HEART_BEAT;
    /** Never answers. */
    private static final int SILENT = RequestCode.PULL_MESSAGE;

    private static TransportContext context;
    private static ExecutorService pool;

    private final List<NettyRemotingServer> servers = new ArrayList<>();
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    private final AtomicReference<Connection> lastServerConnection = new AtomicReference<>();
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String address;

    @BeforeAll
    static void sharedLoops() {
        context = TransportContext.builder().ioThreads(2).build();
        pool = context.executors().getOrCreate("loopback", 4, 10_000);
    }

    @AfterAll
    static void closeLoops() {
        context.close();
    }

    @BeforeEach
    void start() {
        server = startServer(ServerConfig.of("127.0.0.1", 0));
        address = "127.0.0.1:" + server.localAddress().getPort();
        client = newClient();
    }

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::close);
        servers.forEach(NettyRemotingServer::shutdown);
    }

    @Test
    void answersARequest() throws Exception {
        RemotingCommand response = client.invoke(address, echo("hello").body(bytes("payload")).build(), WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.isResponse()).isTrue();
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.extField("say")).isEqualTo("hello");
        assertThat(response.body()).isEqualTo(bytes("payload"));
        assertThat(response.serializeType()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void answersABinaryHeaderRequestInBinaryWithALargeBody() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(3).nextBytes(body);

        RemotingCommand response = client.invoke(
                        address, echo("big").serializeType(SerializeType.ROCKETMQ).body(body).build(), WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(response.extField("say")).isEqualTo("big");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void runsAOnewayRequest() throws Exception {
        BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
        server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (ctx, request) -> {
            received.add(request);
            return CompletableFuture.completedFuture(null);
        }, pool);

        client.invokeOneway(address, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                        .extField("commitOffset", 12)
                        .build())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        RemotingCommand request = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.isOneway()).isTrue();
        assertThat(request.extField("commitOffset")).isEqualTo("12");
    }

    /** A forwarder invokes whatever it got; a oneway request must not wait for the answer that never comes. */
    @Test
    void invokingAOnewayRequestSendsItOnewayAndCompletesOnceWritten() throws Exception {
        BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
        server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (ctx, request) -> {
            received.add(request);
            return CompletableFuture.completedFuture(null);
        }, pool);

        RemotingCommand answer = client.invoke(address, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                        .extField("commitOffset", 13)
                        .oneway()
                        .build(), Duration.ofMinutes(5))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer).isNull();
        RemotingCommand request = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.isOneway()).isTrue();
        assertThat(request.extField("commitOffset")).isEqualTo("13");
    }

    @Test
    void correlatesConcurrentInvokesByOpaque() {
        List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            responses.add(client.invoke(address, echo(Integer.toString(i)).build(), WAIT));
        }

        for (int i = 0; i < responses.size(); i++) {
            assertThat(responses.get(i)).succeedsWithin(WAIT)
                    .extracting(response -> response.extField("say"))
                    .isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void letsTheServerInvokeTheClientWhichAnswersThroughItsOwnProcessor() {
        client.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, (ctx, request) ->
                CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("jstack", "client of " + request.extField("group"))
                        .build()), pool);
        server.registerProcessor(RequestCode.GET_CONSUMER_LIST_BY_GROUP, (ctx, request) -> ctx.connection()
                .invoke(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                        .extField("group", "billing")
                        .build(), WAIT)
                .thenApply(clientAnswer -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("fromClient", clientAnswer.extField("jstack"))
                        .build()), pool);

        CompletableFuture<RemotingCommand> response = client.invoke(
                address, RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP).build(), WAIT);

        assertThat(response).succeedsWithin(WAIT)
                .extracting(answer -> answer.extField("fromClient"))
                .isEqualTo("client of billing");
    }

    @Test
    void failsWithRemotingTimeoutExceptionWhenNoAnswerComes() {
        CompletableFuture<RemotingCommand> response =
                client.invoke(address, RemotingCommand.request(SILENT).build(), Duration.ofMillis(300));

        assertThat(response).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(RemotingTimeoutException.class)
                .withMessageContaining(address);
    }

    @Test
    void answersACodeWithoutProcessorAsNotSupported() {
        CompletableFuture<RemotingCommand> response =
                client.invoke(address, RemotingCommand.request(4321).build(), WAIT);

        assertThat(response).succeedsWithin(WAIT).satisfies(answer -> {
            assertThat(answer.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(answer.remark()).contains("4321");
        });
    }

    @Test
    void answersSystemBusyWhenTheProcessorsExecutorIsFull() throws Exception {
        ExecutorService busy = context.executors().getOrCreate("loopback-busy", 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        busy.execute(() -> awaitQuietly(release));
        busy.execute(() -> { });
        server.registerProcessor(RequestCode.SEND_MESSAGE_V2, ECHO_PROCESSOR, busy);
        try {
            CompletableFuture<RemotingCommand> response =
                    client.invoke(address, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).build(), WAIT);

            assertThat(response).succeedsWithin(WAIT)
                    .extracting(RemotingCommand::code)
                    .isEqualTo(ResponseCode.SYSTEM_BUSY);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closesOnlyTheConnectionThatSentAMalformedFrame() throws Exception {
        String before = connectionIdOf(client);
        try (LogLines log = new LogLines(RemotingInboundHandler.class);
                Socket rogue = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            byte[] garbage = bytes("{\"code\":oops}");
            DataOutputStream out = new DataOutputStream(rogue.getOutputStream());
            out.writeInt(4 + garbage.length);
            out.writeInt(garbage.length);
            out.write(garbage);
            out.flush();

            assertThat(readUntilClosed(rogue)).as("the server closed the rogue connection").isEqualTo(-1);
            assertThat(log.lines(Level.WARN)).singleElement().asString()
                    .contains("malformed frame", "bad JSON header", Integer.toString(rogue.getLocalPort()));
        }

        assertThat(connectionIdOf(client)).as("the good connection still works, unchanged").isEqualTo(before);
    }

    @Test
    void refusesAnOversizeFrameBeforeItsBodyArrives() throws Exception {
        try (Socket rogue = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            new DataOutputStream(rogue.getOutputStream()).writeInt(Integer.MAX_VALUE);

            assertThat(readUntilClosed(rogue)).isEqualTo(-1);
        }
    }

    @Test
    void failsWithRemotingConnectExceptionWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        CompletableFuture<RemotingCommand> response =
                client.invoke("127.0.0.1:" + closedPort, echo("anyone?").build(), WAIT);

        assertThat(response).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingConnectException.class);
    }

    @Test
    void sharesOneConnectAmongConcurrentFirstCallers() {
        List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(client.invoke(address, echo("together").build(), WAIT));
        }

        assertThat(responses)
                .extracting(response -> response.get(WAIT.toSeconds(), TimeUnit.SECONDS).extField("connection"))
                .containsOnly(responses.get(0).join().extField("connection"));
    }

    @Test
    void reconnectsOnTheFirstCallAfterTheConnectionClosed() {
        String first = connectionIdOf(client);

        lastServerConnection.get().close().join();

        await().atMost(WAIT).ignoreExceptions().until(() -> connectionIdOf(client), id -> !id.equals(first));
    }

    @Test
    void failsWaitingInvokesWithRemotingConnectExceptionWhenTheServerShutsDown() {
        CompletableFuture<RemotingCommand> response =
                client.invoke(address, RemotingCommand.request(SILENT).build(), Duration.ofMinutes(5));
        await().atMost(WAIT).until(() -> lastServerConnection.get() != null);

        server.shutdown();

        assertThat(response).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingConnectException.class);
    }

    @Test
    void closesIdleConnections() {
        NettyRemotingServer impatient = startServer(ServerConfig.of("127.0.0.1", 0)
                .withOption(NettyRemotingServer.IDLE_TIMEOUT_OPTION, "PT0.2S"));
        String impatientAddress = "127.0.0.1:" + impatient.localAddress().getPort();

        assertThat(client.invoke(impatientAddress, echo("hi").build(), WAIT)).succeedsWithin(WAIT);
        Connection connection = lastServerConnection.get();

        await().atMost(WAIT).until(() -> !connection.isActive());
    }

    @Test
    void refusesCallsOnceClosed() {
        client.close();

        assertThat(client.invoke(address, echo("late").build(), WAIT)).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingException.class);
    }

    @Test
    void startsOnceAndFailsWhenThePortIsTaken() {
        NettyRemotingServer sameAddress = new NettyRemotingServer(context, ServerConfig.of("127.0.0.1",
                server.localAddress().getPort()));
        servers.add(sameAddress);

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(sameAddress::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Integer.toString(server.localAddress().getPort()));
    }

    private final RequestProcessor ECHO_PROCESSOR = (ctx, request) -> {
        lastServerConnection.set(ctx.connection());
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extFields(request.extFields())
                .extField("connection", ctx.connection().id())
                .body(request.body())
                .build());
    };

    private NettyRemotingServer startServer(ServerConfig config) {
        NettyRemotingServer started = new NettyRemotingServer(context, config);
        started.registerProcessor(ECHO, ECHO_PROCESSOR, pool);
        started.registerProcessor(SILENT, (ctx, request) -> {
            lastServerConnection.set(ctx.connection());
            return new CompletableFuture<>();
        }, pool);
        servers.add(started);
        started.start();
        return started;
    }

    private NettyRemotingClient newClient() {
        NettyRemotingClient created = new NettyRemotingClient(context, ClientOptions.defaults());
        clients.add(created);
        return created;
    }

    private String connectionIdOf(NettyRemotingClient caller) {
        return caller.invoke(address, echo("who").build(), WAIT).join().extField("connection");
    }

    private static RemotingCommand.Builder echo(String say) {
        return RemotingCommand.request(ECHO).extField("say", say);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until the peer closes; -1 then. Fails the test by timing out if it never does. */
    private static int readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        int read;
        do {
            read = in.read();
        } while (read != -1);
        return read;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
