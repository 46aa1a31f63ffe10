package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.Set;

/**
 * The HTTP side of a WebSocket listener. {@code GET /v1/ws} with a WebSocket upgrade is the protocol: its
 * Origin is checked (403 when not allowed), the handshake made, and the connection handed to the
 * {@link SessionPipeline}; {@code GET /} and {@code /console} serve the web page; anything else is a JSON 404
 * (or 405, 426). A connection idle before its handshake is closed.
 */
final class HttpGate extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Where the frame protocol is spoken. */
    static final String WEBSOCKET_PATH = "/v1/ws";
    /** Where the web page is served. */
    static final Set<String> PAGE_PATHS = Set.of("/", "/console");

    private final WebPage page;
    private final OriginPolicy origins;
    private final AccessTokens tokens;
    private final WebSocketDecoderConfig decoderConfig;
    private final SessionPipeline sessions;

    HttpGate(WebPage page, OriginPolicy origins, AccessTokens tokens, int maxFrameBytes, SessionPipeline sessions) {
        this.page = page;
        this.origins = origins;
        this.tokens = tokens;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrameBytes)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        this.sessions = sessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpAnswers.error(ctx, null, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "malformed HTTP request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals(WEBSOCKET_PATH)) {
            upgrade(ctx, request, uri);
        } else if (PAGE_PATHS.contains(path)) {
            if (request.method().equals(HttpMethod.GET)) {
                page.serve(ctx, request);
            } else {
                methodNotAllowed(ctx, request);
            }
        } else {
            HttpAnswers.error(ctx, request, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "nothing at " + path
                    + "; the web page is at /, the WebSocket endpoint at " + WEBSOCKET_PATH);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        HttpHeaders headers = request.headers();
        if (!request.method().equals(HttpMethod.GET)) {
            methodNotAllowed(ctx, request);
            return;
        }
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            HttpAnswers.error(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED, "UPGRADE_REQUIRED",
                    WEBSOCKET_PATH + " speaks WebSocket (RFC 6455); connect with a WebSocket client");
            return;
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (!origins.allows(origin, headers.get(HttpHeaderNames.HOST))) {
            HttpAnswers.error(ctx, null, HttpResponseStatus.FORBIDDEN, "FORBIDDEN",
                    "origin " + origin + " may not connect; the listener's allowedOrigins option lists who may");
            return;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + headers.get(HttpHeaderNames.HOST) + WEBSOCKET_PATH, null, decoderConfig)
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // Installed before the response is written, so that no frame arriving right behind it is missed.
        handshaker.handshake(ctx.channel(), request);
        ctx.pipeline().remove(this);
        sessions.install(ctx.channel(), access(uri));
    }

    private SessionPipeline.Access access(QueryStringDecoder uri) {
        if (!tokens.required()) {
            return SessionPipeline.Access.OPEN;
        }
        List<String> token = uri.parameters().get("token");
        if (token == null || token.isEmpty()) {
            return SessionPipeline.Access.FIRST_FRAME;
        }
        return tokens.accepts(token.get(0)) ? SessionPipeline.Access.OPEN : SessionPipeline.Access.REFUSED;
    }

    private static void methodNotAllowed(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpAnswers.error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                request.method() + " is not served here; use GET");
    }

    /** Idle, or drained before its handshake: closed, as nothing is under way. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent || event instanceof DrainEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
