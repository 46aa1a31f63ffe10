package dev.wharf.broker.processor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.broker.filter.TagFilter;
import dev.wharf.broker.protocol.Json;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.util.concurrent.CompletableFuture;

/**
 * CHECK_CLIENT_CONFIG (46): a consumer with a non-TAG subscription asks whether the broker can filter by it
 * before it starts. TAG is fine; SQL92 is refused with SUBSCRIPTION_PARSE_FAILED until it is supported.
 */
public final class CheckClientConfigProcessor implements RequestProcessor {

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        JsonNode subscription = Json.readTree(request.body(), "CheckClientRequestBody").path("subscriptionData");
        TagFilter.requireTagType(
                subscription.path("expressionType").asText(null), subscription.path("subString").asText(null));
        return Replies.success(request);
    }
}
