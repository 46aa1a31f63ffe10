package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyServerTest {

    private static final ProtocolType ECHO = ProtocolType.of("held-echo");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportContext context = TransportContext.builder().ioThreads(1).meterRegistry(registry).build();
    private final HeldEchoServer server = new HeldEchoServer(context);
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        server.shutdown();
        for (Socket socket : sockets) {
            socket.close();
        }
        context.close();
    }

    @Test
    void bindsCountsConnectionsAndKeepsThemInItsGroup() throws IOException {
        server.start();

        assertThat(server.localAddress().getPort()).isPositive();
        assertThat(server.startedOn).isEqualTo(server.localAddress());
        Socket client = connect();
        await().until(() -> openConnections() == 1);
        assertThat(server.channels().size()).isEqualTo(1);

        client.close();
        await().until(() -> openConnections() == 0);
        await().until(() -> server.channels().isEmpty());
    }

    @Test
    void dispatchesToTheProcessorsRegisteredOnIt() {
        RequestProcessor answer = (ctx, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark("ok").build());
        server.registerProcessor(RequestCode.HEART_BEAT, answer, Runnable::run);

        RemotingCommand response = server.processors()
                .dispatch(new RequestContext(new TestConnection(), 0), RemotingCommand.request(RequestCode.HEART_BEAT).build())
                .join();

        assertThat(response.remark()).isEqualTo("ok");
    }

    @Test
    void gracefulShutdownLetsARequestUnderWayFinishThenCloses() throws Exception {
        server.start();
        Socket client = connectWithARequestUnderWay();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdownGracefully(Duration.ofSeconds(30)));
        await().until(() -> server.draining.get() == 1);
        assertThat(shutdown).isNotDone();
        assertThatThrownBy(this::connect).as("the listening socket is closed first").isInstanceOf(ConnectException.class);

        server.answers.complete(null);
        InputStream in = client.getInputStream();
        assertThat(in.read()).as("the answer under way").isEqualTo('a');
        assertThat(in.read()).as("then the server closes the connection").isEqualTo(-1);
        shutdown.get();
        assertThat(server.stoppedCalls.get()).isEqualTo(1);
        await().until(() -> openConnections() == 0);
    }

    @Test
    void aConnectionStillBusyAfterTheDrainTimeoutIsClosed() throws Exception {
        server.start();
        Socket client = connectWithARequestUnderWay();

        server.shutdownGracefully(Duration.ofMillis(100));

        assertThat(client.getInputStream().read()).isEqualTo(-1);
        await().until(() -> openConnections() == 0);
    }

    @Test
    void shutdownClosesEveryConnectionOnceAndStaysClosed() throws Exception {
        server.start();
        Socket client = connect();
        await().until(() -> server.channels().size() == 1);

        server.shutdown();
        server.shutdown();
        server.shutdownGracefully(Duration.ofSeconds(1));

        assertThat(client.getInputStream().read()).isEqualTo(-1);
        assertThat(server.stoppedCalls.get()).isEqualTo(1);
        assertThat(server.channels().size()).isZero();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("starts once");
    }

    @Test
    void startsOnceAndHasNoAddressBefore() {
        assertThatThrownBy(server::localAddress).isInstanceOf(IllegalStateException.class)
                .hasMessage("the held-echo server is not started");
        server.start();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("the held-echo server starts once");
    }

    @Test
    void aPortInUseFailsTheStartAndUndoesWhatItMade() {
        server.start();
        HeldEchoServer second = new HeldEchoServer(context,
                ServerConfig.of("127.0.0.1", server.localAddress().getPort()));

        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot bind the held-echo server to 127.0.0.1:" + server.localAddress().getPort());
        assertThat(second.bindFailures.get()).isEqualTo(1);
        second.shutdown();
    }

    /** A connection whose request {@code a} the server read and holds until {@code answers} completes. */
    private Socket connectWithARequestUnderWay() throws IOException {
        Socket client = connect();
        client.getOutputStream().write('a');
        await().until(() -> server.requestsRead.get() == 1);
        return client;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(server.localAddress(), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private double openConnections() {
        return registry.get(ConnectionCounter.OPEN).tag(TransportMetrics.PROTOCOL_TAG, ECHO.name()).gauge().value();
    }

    /**
     * Echoes each byte once {@link #answers} completes; on a {@link DrainEvent} it reads nothing more and closes when
     * its echoes are written.
     */
    private static final class HeldEchoServer extends NettyServer {

        final CompletableFuture<Void> answers = new CompletableFuture<>();
        final AtomicInteger requestsRead = new AtomicInteger();
        final AtomicInteger draining = new AtomicInteger();
        final AtomicInteger stoppedCalls = new AtomicInteger();
        final AtomicInteger bindFailures = new AtomicInteger();
        volatile InetSocketAddress startedOn;

        HeldEchoServer(TransportContext context) {
            this(context, ServerConfig.of("127.0.0.1", 0));
        }

        HeldEchoServer(TransportContext context, ServerConfig config) {
            super(context, config, "held-echo server");
        }

        @Override
        protected ChannelHandler connectionHandler() {
            return new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new HeldEcho());
                }
            };
        }

        @Override
        protected void started(InetSocketAddress address) {
            startedOn = address;
        }

        @Override
        protected void bindFailed() {
            bindFailures.incrementAndGet();
        }

        @Override
        protected void stopped() {
            stoppedCalls.incrementAndGet();
        }

        @Override
        public ProtocolType protocol() {
            return ECHO;
        }

        private final class HeldEcho extends ChannelInboundHandlerAdapter {

            private int outstanding;
            private boolean drain;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf bytes = (ByteBuf) msg;
                int count = bytes.readableBytes();
                byte[] echo = new byte[count];
                bytes.readBytes(echo);
                bytes.release();
                outstanding += count;
                requestsRead.addAndGet(count);
                answers.thenRun(() -> ctx.executor().execute(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(echo))
                        .addListener(written -> {
                            outstanding -= count;
                            closeIfDone(ctx);
                        })));
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof DrainEvent) {
                    drain = true;
                    ctx.channel().config().setAutoRead(false);
                    draining.incrementAndGet();
                    closeIfDone(ctx);
                } else {
                    ctx.fireUserEventTriggered(event);
                }
            }

            private void closeIfDone(ChannelHandlerContext ctx) {
                if (drain && outstanding == 0) {
                    ctx.close();
                }
            }
        }
    }
}
