package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose protocol is not known within the detection timeout: one that sends nothing,
 * too little, or stalls in its TLS handshake. The protocol detection removes it once a protocol adopted the
 * connection, from then on that protocol's own idle rules apply.
 */
final class DetectionDeadline extends ChannelInboundHandlerAdapter {

    static final String NAME = "detection-deadline";

    private static final Logger log = LoggerFactory.getLogger(DetectionDeadline.class);

    private final Duration timeout;
    private ScheduledFuture<?> deadline;

    DetectionDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            // Silence is usually a port scanner or a health check; not worth more than DEBUG.
            log.debug("closing connection from {}: no protocol recognised within {}", ClientAddress.of(ctx.channel()),
                    timeout);
            ctx.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }
}
