package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Netty channel's close future as the {@link Connection#closeFuture()} of a connection on that channel.
 *
 * <pre>{@code
 * private final CompletionStage<Void> closed = ChannelCloseStage.of(channel);
 *
 * public CompletionStage<Void> closeFuture() {
 *     return closed;
 * }
 * }</pre>
 */
public final class ChannelCloseStage {

    private ChannelCloseStage() {
    }

    /** Completes once {@code channel} has closed; nobody else can complete it. */
    public static CompletionStage<Void> of(Channel channel) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(done -> closed.complete(null));
        return closed.minimalCompletionStage();
    }
}
