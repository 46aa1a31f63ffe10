package dev.wharf.transport.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one or more request codes.
 *
 * <p>It runs on the business executor it was registered with, never on an I/O event loop, and must not
 * block that executor for long either: work that waits (long polling, a remote call) returns a future
 * completed later. The future's value is the response, or {@code null} for none (a oneway request).
 * A {@link RemotingCommandException}, thrown or completing the future, becomes an error response
 * with its code.
 *
 * <pre>{@code
 * RequestProcessor maxOffset = (ctx, request) -> {
 *     HeaderReader header = HeaderReader.of(request);
 *     long offset = store.maxOffset(header.requiredString("topic"), header.requiredInt("queueId"));
 *     return CompletableFuture.completedFuture(
 *             RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("offset", offset).build());
 * };
 * server.registerProcessor(RequestCode.GET_MAX_OFFSET, maxOffset, adminExecutor);
 * }</pre>
 */
@FunctionalInterface
public interface RequestProcessor {

    CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request);
}
