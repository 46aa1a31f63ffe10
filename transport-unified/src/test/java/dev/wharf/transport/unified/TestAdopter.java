package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RequestProcessor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A protocol for the unified port's tests: it records the channels it adopts and every byte they bring, and
 * answers the first bytes of a connection with its name and a newline, so a client learns who took it.
 */
final class TestAdopter implements ChannelAdopter {

    final List<Channel> adopted = new CopyOnWriteArrayList<>();
    private final ProtocolType protocol;
    private final Optional<ProtocolDetector> detector;
    private final List<String> alpn;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile CompletableFuture<Void> setUp = CompletableFuture.completedFuture(null);
    volatile boolean started;
    volatile boolean closed;
    /** The timeout {@link #closeGracefully} was called with; null until then. */
    volatile Duration drainedWithin;
    /** What a drain waits for (at most its timeout) before it closes the adopted channels. */
    final CompletableFuture<Void> drainFinishes = new CompletableFuture<>();

    TestAdopter(String name, Optional<ProtocolDetector> detector, List<String> alpn) {
        this.protocol = ProtocolType.of(name);
        this.detector = detector;
        this.alpn = alpn;
    }

    static TestAdopter detected(String name, String prefix, int priority, String... alpn) {
        return new TestAdopter(name, Optional.of(new PrefixDetector(prefix, priority)), List.of(alpn));
    }

    static TestAdopter fallback(String name) {
        return new TestAdopter(name, Optional.empty(), List.of());
    }

    /** From now on adoption completes only when the returned future does. */
    CompletableFuture<Void> completeLater() {
        setUp = new CompletableFuture<>();
        return setUp;
    }

    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public ProtocolType protocol() {
        return protocol;
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return detector;
    }

    @Override
    public List<String> applicationProtocols() {
        return alpn;
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        adopted.add(channel);
        channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            private boolean answered;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf bytes) {
                synchronized (received) {
                    received.writeBytes(ByteBufUtil.getBytes(bytes));
                }
                if (!answered) {
                    answered = true;
                    ctx.writeAndFlush(Unpooled.copiedBuffer(protocol.name() + "\n", StandardCharsets.US_ASCII));
                }
            }
        });
        return setUp;
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {}

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {}

    @Override
    public void closeGracefully(Duration timeout) {
        drainedWithin = timeout;
        try {
            drainFinishes.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the drain is over either way
        }
        adopted.forEach(channel -> channel.close().awaitUninterruptibly());
        close();
    }

    @Override
    public void close() {
        closed = true;
    }
}
