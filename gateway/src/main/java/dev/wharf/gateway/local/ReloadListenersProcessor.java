package dev.wharf.gateway.local;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Answers {@link LocalGateway#RELOAD_LISTENERS}, the admin request of {@code wharf listeners reload}: the
 * gateway re-reads its configuration file and applies the listener changes. The answer leaves once the
 * changes are checked and planned, before listeners are drained, so it reaches the client even when the
 * listener it came on is being replaced: SUCCESS with the changes in the remark, or SYSTEM_ERROR with why the
 * configuration was refused (then nothing changed).
 */
final class ReloadListenersProcessor implements RequestProcessor {

    /** Reloads; tells the consumer the planned changes before applying them, and throws when refused. */
    interface Reload {
        void run(Consumer<ListenerChanges> planned);
    }

    private final Reload reload;
    /** One reload at a time, never on an I/O thread. */
    private final Executor reloads;

    ReloadListenersProcessor(Reload reload, Executor reloads) {
        this.reload = reload;
        this.reloads = reloads;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext ctx, RemotingCommand request) {
        CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        reloads.execute(() -> {
            try {
                reload.run(changes -> answer.complete(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .remark(changes.describe()).build()));
            } catch (RuntimeException e) {
                answer.complete(RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR,
                        "listeners not reloaded: " + e.getMessage()));
            }
        });
        return answer;
    }
}
