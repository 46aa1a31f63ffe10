package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import java.time.Duration;

/**
 * Drains a server's connections: fires a {@link DrainEvent} into every channel of a group, so that each finishes
 * its requests in its protocol's terms and closes itself, and waits for them to close, at most a timeout. What
 * is still open then is the caller's to close; {@link RemotingServer#shutdownGracefully} and
 * {@link ChannelAdopter#closeGracefully} implementations call this after they stopped accepting.
 *
 * <pre>{@code
 * public void shutdownGracefully(Duration timeout) {
 *     listener.close().awaitUninterruptibly();            // nobody new
 *     int left = ConnectionDrain.drain(channels, timeout);
 *     if (left > 0) {
 *         log.warn("{} connections still busy after {}; closing them", left, timeout);
 *     }
 *     shutdown();                                         // closes what is left
 * }
 * }</pre>
 */
public final class ConnectionDrain {

    private ConnectionDrain() {}

    /**
     * Asks every channel of {@code channels} to drain and waits until all of them closed, at most
     * {@code timeout}; an interrupt ends the wait early and is kept.
     *
     * @return how many channels are still open
     */
    public static int drain(ChannelGroup channels, Duration timeout) {
        ChannelGroupFuture closed = channels.newCloseFuture();
        DrainEvent event = new DrainEvent(timeout);
        channels.forEach(channel -> channel.pipeline().fireUserEventTriggered(event));
        try {
            closed.await(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (int) channels.stream().filter(Channel::isOpen).count();
    }
}
