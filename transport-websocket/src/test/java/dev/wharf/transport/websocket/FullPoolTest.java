package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.RequestCode;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A full {@code websocket} pool is answered, never dropped: a request gets an error event with
 * TOO_MANY_REQUESTS and its id, a subscription's poll a subscription error that says it will retry; nothing
 * reaches the broker, and the refused request does not count against the connection's limit.
 */
class FullPoolTest {

    private static final Executor FULL = task -> {
        throw new RejectedExecutionException("full");
    };

    @Test
    void aRequestRefusedByTheFullPoolGetsTooManyRequestsWithItsId() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listenerOn(FULL, "maxOutstandingRequests", "1").open("/v1/ws");

        for (int id = 1; id <= 2; id++) {
            ws.sendText("{\"op\":\"publish\",\"id\":" + id + ",\"topic\":\"orders\",\"body\":\"x\"}");
            ObjectNode refused = ws.onlyEvent();
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("id").asInt()).isEqualTo(id);
            assertThat(refused.get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
            // The second one is refused for the pool too, not for the first one still counting as outstanding.
            assertThat(refused.get("message").asText()).contains("websocket pool is full");
        }
        assertThat(ws.broker.commands(RequestCode.SEND_MESSAGE)).isEmpty();
    }

    @Test
    void aSubscriptionWhosePollIsRefusedSaysItWillRetry() {
        EmbeddedWebSocket ws = EmbeddedWebSocket.listenerOn(FULL).open("/v1/ws");

        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"group\":\"billing\",\"topic\":\"orders\"}");

        List<ObjectNode> events = ws.events();
        assertThat(events).extracting(event -> event.get("type").asText()).containsExactly("subscribed", "error");
        ObjectNode refused = events.get(1);
        assertThat(refused.get("subscription").asText()).isEqualTo("s1");
        assertThat(refused.get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(refused.get("retrying").asBoolean()).isTrue();
        assertThat(ws.broker.commands(RequestCode.POP_MESSAGE)).isEmpty();
    }
}
