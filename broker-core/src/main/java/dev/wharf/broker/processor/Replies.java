package dev.wharf.broker.processor;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/** Completed answers, for processors that answer without waiting. */
final class Replies {

    private Replies() {}

    static CompletableFuture<RemotingCommand> success(RemotingCommand request) {
        return completed(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }

    static CompletableFuture<RemotingCommand> success(RemotingCommand request, byte[] body) {
        return completed(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(body).build());
    }

    static CompletableFuture<RemotingCommand> error(RemotingCommand request, int code, String remark) {
        return completed(RemotingCommand.errorResponse(request, code, remark));
    }

    static CompletableFuture<RemotingCommand> completed(RemotingCommand response) {
        return CompletableFuture.completedFuture(response);
    }
}
