package dev.wharf.transport.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.DrainEvent;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves one connection's requests. Subscription requests are served on the event loop (they only change this
 * connection's state); broker requests move to the business pool, at most {@code maxOutstandingRequests} at a
 * time. Every request is answered by an event echoing its {@code id}, or by an {@code error} event: a refused
 * request never closes the connection. While the socket is full the connection stops reading requests and
 * its subscriptions stop polling, until the client catches up.
 *
 * <p>Drained ({@link DrainEvent}), it stops its subscriptions (what a poll under way still brings is handed back;
 * deliveries the client did not settle come back after their invisible time, as with any POP), serves no new
 * request, and sends a 1001 (going away) close frame once the broker requests under way are answered.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private final WebSocketConnection connection;
    private final RequestContext context;
    private final BrokerOperations operations;
    private final Subscriptions subscriptions;
    private final AccessTokens tokens;
    private final Executor pool;
    private final int maxOutstandingRequests;
    private int outstanding;
    private boolean draining;

    SessionHandler(WebSocketConnection connection, Listener listener) {
        this.connection = connection;
        this.context = new RequestContext(connection, listener.clock().millis());
        this.operations = new BrokerOperations(listener.messaging());
        this.subscriptions = new Subscriptions(connection, context, listener.messaging(), listener.pool(),
                listener.options());
        this.tokens = listener.tokens();
        this.pool = listener.pool();
        this.maxOutstandingRequests = listener.options().maxOutstandingRequests();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (connection.closing() || draining) {
            return;
        }
        try {
            serve(request);
        } catch (MessagingException refused) {
            connection.event(Events.error(request.id(), refused.error()));
        }
    }

    private void serve(ClientRequest request) {
        switch (request.operation()) {
            case AUTH -> authenticate(request);
            case SUBSCRIBE -> subscriptions.subscribe(request.requiredId(), request.read());
            case CREDIT -> connection.event(subscriptions.credit(request.requiredId(), request.read()));
            case UNSUBSCRIBE -> connection.event(subscriptions.unsubscribe(request.requiredId(), request.read()));
            case PUBLISH, ACK, NACK, CHANGE_INVISIBLE_TIME -> toBroker(request);
        }
    }

    /** An auth frame on an open connection: harmless with a good token (or none needed), the end with a bad one. */
    private void authenticate(ClientRequest request) {
        if (tokens.accepts(request.fields().path("token").asText(null))) {
            connection.event(Events.answer("authenticated", request.id()));
        } else {
            connection.close(CloseCode.POLICY_VIOLATION, "invalid token");
        }
    }

    private void toBroker(ClientRequest request) {
        JsonNode id = request.requiredId();
        if (outstanding >= maxOutstandingRequests) {
            throw new MessagingException(ErrorCode.TOO_MANY_REQUESTS, "this connection already has " + outstanding
                    + " requests in progress, the most allowed (maxOutstandingRequests); wait for their answers");
        }
        outstanding++;
        try {
            pool.execute(() -> run(request).whenComplete((answer, failure) ->
                    connection.channel().eventLoop().execute(() -> answered(id, answer, failure))));
        } catch (RejectedExecutionException full) {
            outstanding--;
            throw new MessagingException(ErrorCode.TOO_MANY_REQUESTS, "flow limit: the websocket pool is full");
        }
    }

    private CompletableFuture<ObjectNode> run(ClientRequest request) {
        try {
            return operations.run(context, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void answered(JsonNode id, ObjectNode answer, Throwable failure) {
        outstanding--;
        if (failure == null) {
            connection.event(answer);
        } else {
            MessagingError error = MessagingException.errorOf(failure);
            connection.event(Events.error(id, error));
        }
        closeIfDrained();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof DrainEvent) {
            draining = true;
            subscriptions.endAll();
            closeIfDrained();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void closeIfDrained() {
        if (draining && outstanding == 0) {
            connection.close(CloseCode.GOING_AWAY, "the server is shutting down");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        // A client that does not read its answers gets no more of them: its requests wait in its socket.
        ctx.channel().config().setAutoRead(writable);
        if (writable) {
            subscriptions.resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        subscriptions.endAll();
        ctx.fireChannelInactive();
    }
}
