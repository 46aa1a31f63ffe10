package dev.wharf.transport.grpc.tls;

import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a connection that may speak TLS or plaintext HTTP/2: it reads without consuming
 * until the first bytes say which ({@link SniffedProtocol}), then puts the handler its {@link Handoff}
 * picks in its own place and leaves, passing on the bytes it saw and the user events it held back
 * meanwhile (gRPC's negotiation event among them). It disconnects a client whose bytes are neither, whose
 * protocol the handoff refuses, or that says nothing for {@code timeout}.
 *
 * <pre>{@code
 * pipeline.addLast(new TlsSniffer(protocol -> protocol == SniffedProtocol.TLS
 *         ? Optional.of(sslContext.newHandler(channel.alloc()))
 *         : Optional.empty(), Duration.ofSeconds(10)));
 * }</pre>
 */
public final class TlsSniffer extends ByteToMessageDecoder {

    /** Where a connection goes once its first bytes are known; empty to disconnect it. */
    @FunctionalInterface
    public interface Handoff {
        Optional<ChannelHandler> next(SniffedProtocol protocol);
    }

    private static final Logger log = LoggerFactory.getLogger(TlsSniffer.class);
    private static final ProtocolDetector TLS = new TlsHandshakeDetector();
    private static final ProtocolDetector PLAINTEXT = new Http2PrefaceDetector();

    private final Handoff handoff;
    private final Duration timeout;
    private final List<Object> heldEvents = new ArrayList<>();
    private ScheduledFuture<?> deadline;
    private boolean decided;

    public TlsSniffer(Handoff handoff, Duration timeout) {
        this.handoff = handoff;
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (!decided) {
                disconnect(ctx, "no TLS handshake or HTTP/2 preface within " + timeout);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Events meant for the handlers to come wait for them. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (decided) {
            super.userEventTriggered(ctx, event);
        } else {
            heldEvents.add(event);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            // Refused and closing: what else arrives is dropped.
            in.skipBytes(in.readableBytes());
            return;
        }
        Result tls = TLS.detect(in);
        Result plaintext = PLAINTEXT.detect(in);
        if (tls == Result.RECOGNIZED) {
            handOff(ctx, in, SniffedProtocol.TLS);
        } else if (plaintext == Result.RECOGNIZED) {
            handOff(ctx, in, SniffedProtocol.PLAINTEXT);
        } else if (tls == Result.UNRECOGNIZED && plaintext == Result.UNRECOGNIZED) {
            in.skipBytes(in.readableBytes());
            disconnect(ctx, "neither a TLS handshake nor the HTTP/2 preface");
        }
    }

    private void handOff(ChannelHandlerContext ctx, ByteBuf in, SniffedProtocol protocol) {
        Optional<ChannelHandler> next = handoff.next(protocol);
        if (next.isEmpty()) {
            in.skipBytes(in.readableBytes());
            disconnect(ctx, protocol + " is not accepted on this port");
            return;
        }
        decided = true;
        cancelDeadline();
        ctx.pipeline().addAfter(ctx.name(), null, next.get());
        heldEvents.forEach(ctx::fireUserEventTriggered);
        heldEvents.clear();
        // Leaving hands the bytes read so far, unconsumed, to the new handler.
        ctx.pipeline().remove(this);
    }

    private void disconnect(ChannelHandlerContext ctx, String reason) {
        decided = true;
        cancelDeadline();
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
        heldEvents.forEach(ReferenceCountUtil::release);
        heldEvents.clear();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
