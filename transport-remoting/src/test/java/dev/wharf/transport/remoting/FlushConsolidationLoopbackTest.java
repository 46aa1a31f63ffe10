package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests a gateway relays in a burst, written on the broker connection's event loop while another channel
 * is being read, leave in one write at the end of the loop's turn: one flush reaches the socket, not one each.
 */
class FlushConsolidationLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BURST = 5;

    private final TransportContext context = TransportContext.builder().ioThreads(1).build();
    private final NettyRemotingServer server = new NettyRemotingServer(context, ServerConfig.of("127.0.0.1", 0));
    private final RemotingClient client = new TransportRegistry(context, List.of(new RemotingTransportProvider()))
            .createClient(ProtocolType.REMOTING, ClientOptions.defaults());

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
        context.close();
    }

    @Test
    void aBurstWrittenOutsideAReadOfTheConnectionLeavesInOneFlush() throws Exception {
        server.registerProcessor(RequestCode.HEART_BEAT, (ctx, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(request.body()).build()), Runnable::run);
        server.start();
        String address = "127.0.0.1:" + server.localAddress().getPort();
        RemotingConnection connection = ((NettyRemotingClient) client).connection(address).get(10, TimeUnit.SECONDS);
        Channel channel = connection.channel();
        AtomicInteger flushes = new AtomicInteger();
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });

        CompletableFuture<List<CompletableFuture<RemotingCommand>>> burst = new CompletableFuture<>();
        channel.eventLoop().execute(() -> burst.complete(IntStream.range(0, BURST)
                .mapToObj(i -> connection.invoke(RemotingCommand.request(RequestCode.HEART_BEAT)
                        .body(new byte[] {(byte) i}).build(), WAIT))
                .toList()));
        List<CompletableFuture<RemotingCommand>> answers = burst.get(10, TimeUnit.SECONDS);

        assertThat(answers).extracting(answer -> answer.get(10, TimeUnit.SECONDS).body()[0])
                .containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        assertThat(flushes).hasValue(1);
    }
}
