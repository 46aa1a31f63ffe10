package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a connection that may speak TLS or plaintext: it reads without consuming until the
 * first bytes say which ({@link SniffedProtocol}), refuses what the {@link TlsMode} does not serve, and
 * otherwise puts the handler its {@link Handoff} picks (an {@code SslHandler}, say) in its own place and
 * leaves, passing on the bytes it saw and the user events it held back meanwhile. Plaintext is whatever
 * the {@code plaintext} detector recognises; bytes that are neither, or silence for {@code timeout},
 * close the connection. Refused bytes never reach the next handler.
 *
 * <p>Most transports install it through {@link TlsSupport#install}; a transport whose plaintext has
 * magic bytes (gRPC's HTTP/2 preface) passes its own detector to turn away anything else early.
 *
 * <pre>{@code
 * pipeline.addFirst(new TlsModeHandler(TlsMode.PERMISSIVE, TlsModeHandler.ANY_PLAINTEXT,
 *         (protocol, channel) -> protocol == SniffedProtocol.TLS
 *                 ? Optional.of(sslContext.newHandler(channel.alloc()))
 *                 : Optional.empty(),
 *         Duration.ofSeconds(10)));
 * }</pre>
 */
public final class TlsModeHandler extends ByteToMessageDecoder {

    /** Where an accepted connection goes once its first bytes are known. */
    @FunctionalInterface
    public interface Handoff {
        /**
         * The handler to put in the sniffer's place for a connection that opened with {@code protocol};
         * empty to pass the bytes on to the handlers already behind it.
         */
        Optional<ChannelHandler> next(SniffedProtocol protocol, Channel channel);
    }

    /** Plaintext for transports without magic bytes: any opening that is not a TLS handshake. */
    public static final ProtocolDetector ANY_PLAINTEXT = new ProtocolDetector() {
        @Override
        public Result detect(ByteBuf in) {
            return Result.RECOGNIZED;
        }

        @Override
        public int priority() {
            return 0;
        }
    };

    private static final Logger log = LoggerFactory.getLogger(TlsModeHandler.class);
    private static final ProtocolDetector TLS = new TlsHandshakeDetector();

    private final TlsMode mode;
    private final ProtocolDetector plaintext;
    private final Handoff handoff;
    private final Duration timeout;
    private final List<Object> heldEvents = new ArrayList<>();
    private ScheduledFuture<?> deadline;
    private boolean decided;

    /**
     * @param plaintext recognises the plaintext protocol once the bytes are known not to be TLS; asked
     *     only when {@code mode} serves plaintext
     * @param timeout how long a new connection may take to say which it speaks
     */
    public TlsModeHandler(TlsMode mode, ProtocolDetector plaintext, Handoff handoff, Duration timeout) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (!decided) {
                disconnect(ctx, "it sent no TLS handshake or plaintext opening within " + timeout);
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
        if (tls == Result.RECOGNIZED) {
            handOff(ctx, in, SniffedProtocol.TLS);
        } else if (tls == Result.UNRECOGNIZED) {
            Result clear = mode.accepts(SniffedProtocol.PLAINTEXT) ? plaintext.detect(in) : Result.RECOGNIZED;
            if (clear == Result.RECOGNIZED) {
                handOff(ctx, in, SniffedProtocol.PLAINTEXT);
            } else if (clear == Result.UNRECOGNIZED) {
                in.skipBytes(in.readableBytes());
                disconnect(ctx, "its first bytes are neither a TLS handshake nor the plaintext protocol");
            }
        }
    }

    private void handOff(ChannelHandlerContext ctx, ByteBuf in, SniffedProtocol protocol) {
        if (!mode.accepts(protocol)) {
            in.skipBytes(in.readableBytes());
            refuse(ctx, protocol);
            return;
        }
        Optional<ChannelHandler> next = handoff.next(protocol, ctx.channel());
        decided = true;
        cancelDeadline();
        next.ifPresent(handler -> ctx.pipeline().addAfter(ctx.name(), null, handler));
        heldEvents.forEach(ctx::fireUserEventTriggered);
        heldEvents.clear();
        // Leaving hands the bytes read so far, unconsumed, to the handler behind.
        ctx.pipeline().remove(this);
    }

    /** A client of the wrong kind is worth one line to the operator: it is usually misconfigured. */
    private void refuse(ChannelHandlerContext ctx, SniffedProtocol protocol) {
        decided = true;
        cancelDeadline();
        if (protocol == SniffedProtocol.PLAINTEXT) {
            log.warn("plaintext connection from {} refused: listener is TLS-only", ClientAddress.of(ctx.channel()));
        } else {
            log.warn("TLS connection from {} refused: listener is plaintext-only", ClientAddress.of(ctx.channel()));
        }
        ctx.close();
    }

    private void disconnect(ChannelHandlerContext ctx, String reason) {
        decided = true;
        cancelDeadline();
        log.debug("closing connection from {}: {}", ClientAddress.of(ctx.channel()), reason);
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
