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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a connection that may speak TLS or plaintext: it reads without consuming until the
 * first bytes say which ({@link SniffedProtocol}), refuses what the {@link TlsMode} does not serve, and
 * otherwise puts the handler its {@link Handoff} picks (an {@code SslHandler}, say) in its own place and
 * leaves, passing on the bytes it saw and the user events it held back meanwhile. When the handoff must first
 * {@link Handoff#prepare prepare} something (TLS material built on the first TLS client), the bytes wait in
 * this handler, unprocessed, and a failure closes the connection with an ERROR naming the listener. Plaintext
 * is whatever the {@code plaintext} detector recognises; bytes that are neither, or silence for
 * {@code timeout}, close the connection. Refused bytes never reach the next handler.
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
         * empty to pass the bytes on to the handlers already behind it. Asked on the connection's event loop
         * once {@link #prepare} is done.
         */
        Optional<ChannelHandler> next(SniffedProtocol protocol, Channel channel);

        /**
         * What {@link #next} needs before it can be asked for {@code protocol}, such as TLS material still to
         * be built; the connection's bytes wait for it, and a failure closes the connection. Ready at once
         * unless overridden.
         */
        default CompletionStage<?> prepare(SniffedProtocol protocol) {
            return READY;
        }
    }

    /** A {@link Handoff#prepare} with nothing to wait for. */
    public static final CompletionStage<Void> READY = CompletableFuture.completedFuture(null);

    /**
     * The most bytes a client may send while its handoff is being prepared: a TLS client sends its hello
     * and waits for the server's, so more is not a TLS client.
     */
    static final int MAX_WAITING_BYTES = 64 * 1024;

    /** Where a connection is: its first bytes still unknown, waiting for its handoff, or handed off or refused. */
    private enum State { SNIFFING, WAITING, DONE }

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
    private State state = State.SNIFFING;

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
            if (state != State.DONE) {
                disconnect(ctx, "it sent no TLS handshake or plaintext opening within " + timeout);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Events meant for the handlers to come wait for them. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (state == State.DONE) {
            super.userEventTriggered(ctx, event);
        } else {
            heldEvents.add(event);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.WAITING) {
            if (in.readableBytes() > MAX_WAITING_BYTES) {
                in.skipBytes(in.readableBytes());
                disconnect(ctx, "it sent more than " + MAX_WAITING_BYTES + " bytes before its handshake was answered");
            }
            // Otherwise the bytes wait, unconsumed, for the handler to come.
            return;
        }
        if (state == State.DONE) {
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
        CompletableFuture<?> ready = prepare(protocol);
        if (ready.isDone() && !ready.isCompletedExceptionally()) {
            step(ctx, protocol);
            return;
        }
        state = State.WAITING;
        ready.whenComplete((ignored, failure) -> ctx.executor().execute(() -> prepared(ctx, protocol, failure)));
    }

    private CompletableFuture<?> prepare(SniffedProtocol protocol) {
        try {
            return handoff.prepare(protocol).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Back on the event loop once the handoff is prepared, unless the connection ended meanwhile. */
    private void prepared(ChannelHandlerContext ctx, SniffedProtocol protocol, Throwable failure) {
        if (state != State.WAITING || ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        if (failure == null) {
            step(ctx, protocol);
        } else {
            fail(ctx, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        }
    }

    /** Puts the next handler in place and leaves. */
    private void step(ChannelHandlerContext ctx, SniffedProtocol protocol) {
        Optional<ChannelHandler> next;
        try {
            next = handoff.next(protocol, ctx.channel());
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        state = State.DONE;
        cancelDeadline();
        next.ifPresent(handler -> ctx.pipeline().addAfter(ctx.name(), null, handler));
        heldEvents.forEach(ctx::fireUserEventTriggered);
        heldEvents.clear();
        // Leaving hands the bytes read so far, unconsumed, to the handler behind.
        ctx.pipeline().remove(this);
    }

    /** The listener cannot serve what the client opened with: the operator must hear of it. */
    private void fail(ChannelHandlerContext ctx, Throwable failure) {
        state = State.DONE;
        cancelDeadline();
        log.error("closing connection from {}: the listener on {} cannot set it up: {}",
                ClientAddress.of(ctx.channel()), ctx.channel().localAddress(), failure.getMessage(), failure);
        ctx.close();
    }

    /** A client of the wrong kind is worth one line to the operator: it is usually misconfigured. */
    private void refuse(ChannelHandlerContext ctx, SniffedProtocol protocol) {
        state = State.DONE;
        cancelDeadline();
        if (protocol == SniffedProtocol.PLAINTEXT) {
            log.warn("plaintext connection from {} refused: listener is TLS-only", ClientAddress.of(ctx.channel()));
        } else {
            log.warn("TLS connection from {} refused: listener is plaintext-only", ClientAddress.of(ctx.channel()));
        }
        ctx.close();
    }

    private void disconnect(ChannelHandlerContext ctx, String reason) {
        state = State.DONE;
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
