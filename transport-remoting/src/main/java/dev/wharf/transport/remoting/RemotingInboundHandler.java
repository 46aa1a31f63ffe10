package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits what the peer sends into requests and responses. Requests go to the processor table (or, on a
 * client connection opened for an origin, to the origin through its {@link OriginRelay}) and their answers
 * back to the peer, unless the request was oneway; responses complete the request of
 * ours that waits for them. It also closes the channel on idleness and on any failure, a malformed
 * frame included, with one log line.
 */
final class RemotingInboundHandler extends SimpleChannelInboundHandler<RemotingCommand> {

    private static final Logger log = LoggerFactory.getLogger(RemotingInboundHandler.class);

    private final RemotingConnection connection;
    private final ProcessorTable processors;
    private final Clock clock;
    private final InFlightRequests inFlight;

    RemotingInboundHandler(RemotingConnection connection, ProcessorTable processors, Clock clock,
            InFlightRequests inFlight) {
        super(RemotingCommand.class);
        this.connection = connection;
        this.processors = processors;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand command) {
        if (command.isResponse()) {
            if (!connection.complete(command)) {
                // Usually a response that arrived after its request timed out; the caller already knows.
                log.debug("no request waits for {} from {}", command, connection);
            }
            return;
        }
        inFlight.started();
        OriginRelay relay = OriginRelay.of(connection);
        CompletableFuture<RemotingCommand> served = relay != null
                ? relay.relay(command)
                : processors.dispatch(new RequestContext(connection, clock.millis()), command);
        served.whenComplete((response, failure) -> {
            if (response != null && !command.isOneway()) {
                answer(command, response);
            } else {
                inFlight.finished();
            }
        });
    }

    private void answer(RemotingCommand request, RemotingCommand response) {
        connection.write(response).addListener(written -> {
            inFlight.finished();
            if (!written.isSuccess()) {
                // Usually the peer left meanwhile. The cause goes in as text: a Throwable as last argument
                // would be logged as a stack trace instead of filling the placeholder.
                log.debug("cannot answer {} on {}: {}", request, connection, String.valueOf(written.cause()));
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.info("closing idle Remoting connection {}", connection);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
            log.warn("closing Remoting connection {}: malformed frame: {}", connection, reason.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("closing Remoting connection {}: {}", connection, cause.toString());
        } else {
            log.warn("closing Remoting connection {}", connection, cause);
        }
        ctx.close();
    }
}
