package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.HttpConnection;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.HttpError;
import dev.wharf.transport.spi.DrainEvent;
import dev.wharf.transport.spi.RequestContext;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves aggregated requests of one HTTP/1.1 connection or one HTTP/2 stream through the {@link ApiService}
 * and writes the answers. On HTTP/1.1 answers must keep the order of the requests, so one request is served
 * at a time: reading pauses meanwhile, and requests a client pipelined ahead wait here (a few, at most what
 * one read held; beyond {@value #MAX_PIPELINED} the connection is closed).
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    static final int MAX_PIPELINED = 16;

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final ApiService service;
    private final Clock clock;
    private final HttpDrain drain;
    private final boolean http2Stream;
    private final Queue<FullHttpRequest> pipelined = new ArrayDeque<>();
    private boolean serving;
    private ChannelEventSink eventSink;

    RequestHandler(PipelineSettings settings, boolean http2Stream) {
        this.service = settings.service();
        this.clock = settings.clock();
        this.drain = settings.drain();
        this.http2Stream = http2Stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!serving) {
            serve(ctx, request);
        } else if (pipelined.size() < MAX_PIPELINED) {
            pipelined.add(request);
        } else {
            request.release();
            log.debug("{} pipelined more than {} requests; closing", ctx.channel(), MAX_PIPELINED);
            ctx.close();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        serving = true;
        if (!http2Stream) {
            ctx.channel().config().setAutoRead(false);
        }
        HttpError malformed;
        boolean keepAlive;
        try {
            malformed = malformed(request);
            keepAlive = malformed == null && HttpUtil.isKeepAlive(request);
            if (malformed != null) {
                ctx.writeAndFlush(Responses.error(malformed, !http2Stream)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            HttpHeaders headers = new DefaultHttpHeaders().set(request.headers());
            byte[] body = ByteBufUtil.getBytes(request.content());
            RequestContext context = new RequestContext(HttpConnection.of(ctx.channel()), clock.millis());
            service.serve(request.method(), request.uri(), headers, body, context)
                    .whenComplete((answer, never) -> ctx.executor().execute(() -> answer(ctx, answer, keepAlive)));
        } finally {
            request.release();
        }
    }

    /** The error of a request the codec could not read; null when it read fine. */
    private static HttpError malformed(FullHttpRequest request) {
        if (request.decoderResult().isSuccess()) {
            return null;
        }
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            return HttpError.of(HttpResponseStatus.REQUEST_URI_TOO_LONG, "URI_TOO_LONG", cause.getMessage());
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpError.of(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "HEADERS_TOO_LARGE",
                    cause.getMessage());
        }
        if (cause instanceof TooLongFrameException) {
            return HttpError.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE", cause.getMessage());
        }
        return HttpError.badRequest("malformed HTTP request: " + cause.getMessage());
    }

    private void answer(ChannelHandlerContext ctx, ApiResponse answer, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            if (answer instanceof ApiResponse.Stream stream) {
                // The client left before the stream began: the source sees a closed sink and does nothing.
                stream.source().start(new ChannelEventSink(ctx.channel(), () -> {}));
            }
            return;
        }
        if (answer instanceof ApiResponse.Full full) {
            // Draining, the last answer an HTTP/1.1 connection owes says it closes.
            boolean close = !http2Stream && (!keepAlive || drain.started() && pipelined.isEmpty());
            ctx.writeAndFlush(Responses.full(full, close))
                    .addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
            if (!close) {
                next(ctx);
            }
        } else if (answer instanceof ApiResponse.Stream stream) {
            ctx.writeAndFlush(Responses.eventStreamHead()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            eventSink = new ChannelEventSink(ctx.channel(), () -> {
                eventSink = null;
                next(ctx);
            });
            drain.opened(eventSink);
            stream.source().start(eventSink);
        }
    }

    /** Serves the next pipelined request, or reads on. */
    private void next(ChannelHandlerContext ctx) {
        serving = false;
        FullHttpRequest waiting = pipelined.poll();
        if (waiting != null) {
            serve(ctx, waiting);
        } else if (!http2Stream && drain.started()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (!http2Stream) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** HTTP/1.1 only ({@link DrainHandler}): an idle connection closes, a busy one after its answers. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof DrainEvent)) {
            ctx.fireUserEventTriggered(event);
        } else if (!serving) {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (eventSink != null) {
            eventSink.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pipelined.forEach(FullHttpRequest::release);
        pipelined.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {} after an error", ctx.channel(), cause);
        ctx.close();
    }
}
