package dev.wharf.broker.processor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.client.ConsumerGroupView;
import dev.wharf.broker.client.ConsumerMember;
import dev.wharf.broker.client.ConsumerRegistry;
import dev.wharf.broker.protocol.Json;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Who is online in a group: GET_CONSUMER_LIST_BY_GROUP (38), which every push consumer asks before it
 * rebalances, and GET_CONSUMER_CONNECTION_LIST (203) for admin tools ({@code ConsumerConnection}).
 */
public final class ConsumerInfoProcessor implements RequestProcessor {

    private final ConsumerRegistry consumers;

    public ConsumerInfoProcessor(ConsumerRegistry consumers) {
        this.consumers = consumers;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        String group = HeaderReader.of(request).requiredString("consumerGroup");
        if (request.code() == RequestCode.GET_CONSUMER_LIST_BY_GROUP) {
            List<String> ids = consumers.consumerIds(group);
            if (ids.isEmpty()) {
                return Replies.error(request, ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
            }
            return Replies.success(request, Json.write(Map.of("consumerIdList", ids)));
        }
        return consumers.view(group)
                .map(view -> Replies.success(request, Json.write(connectionBody(view))))
                .orElseGet(() -> Replies.error(request, ResponseCode.CONSUMER_NOT_ONLINE,
                        "the consumer group[" + group + "] not online"));
    }

    private static ObjectNode connectionBody(ConsumerGroupView view) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode connections = body.putArray("connectionSet");
        view.members().stream().sorted(Comparator.comparing(ConsumerMember::clientId)).forEach(member -> {
            ObjectNode connection = connections.addObject();
            connection.put("clientAddr", Addresses.hostPort(member.connection().remoteAddress()));
            connection.put("clientId", member.clientId());
            connection.put("language", member.language().name());
            connection.put("version", member.version());
        });
        putIfPresent(body, "consumeFromWhere", view.consumeFromWhere());
        putIfPresent(body, "consumeType", view.consumeType());
        putIfPresent(body, "messageModel", view.messageModel());
        body.set("subscriptionTable", Json.mapper().valueToTree(new TreeMap<>(view.subscriptions())));
        return body;
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
