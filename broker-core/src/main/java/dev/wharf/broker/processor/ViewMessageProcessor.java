package dev.wharf.broker.processor;

import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/** VIEW_MESSAGE_BY_ID (33): the stored record at a commit-log offset (decoded from an offset message id), raw. */
public final class ViewMessageProcessor implements RequestProcessor {

    private final MessageStore store;

    public ViewMessageProcessor(MessageStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        long offset = HeaderReader.of(request).requiredLong("offset");
        if (offset < 0) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "offset must not be negative, got " + offset);
        }
        return store.lookup(offset)
                .map(record -> Replies.success(request, record))
                .orElseGet(() -> Replies.error(request, ResponseCode.SYSTEM_ERROR,
                        "can not find message by the offset, " + offset));
    }
}
