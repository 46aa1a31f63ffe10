package dev.wharf.broker.processor;

import dev.wharf.broker.kv.KvConfigTable;
import dev.wharf.broker.protocol.Json;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The NameServer's key-value configuration, as {@code mqadmin} sends it: PUT_KV_CONFIG (100), GET_KV_CONFIG
 * (101, the value in the {@code value} response header), DELETE_KV_CONFIG (102, successful whether or not
 * the key existed; {@code deleteTopic} sends it for the topic's {@code ORDER_TOPIC_CONFIG} entry) and
 * GET_KVLIST_BY_NAMESPACE (219, a {@code KVTable} body). A missing key or namespace is QUERY_NOT_FOUND
 * with the NameServer's remark.
 */
public final class KvConfigProcessor implements RequestProcessor {

    private final KvConfigTable table;

    public KvConfigProcessor(KvConfigTable table) {
        this.table = table;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        String namespace = header.requiredString("namespace");
        return switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                table.put(namespace, header.requiredString("key"), header.requiredString("value"));
                yield Replies.success(request);
            }
            case RequestCode.GET_KV_CONFIG -> value(request, namespace, header.requiredString("key"));
            case RequestCode.DELETE_KV_CONFIG -> {
                table.delete(namespace, header.requiredString("key"));
                yield Replies.success(request);
            }
            default -> list(request, namespace);
        };
    }

    private CompletableFuture<RemotingCommand> value(RemotingCommand request, String namespace, String key) {
        return table.get(namespace, key)
                .map(value -> Replies.completed(
                        RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("value", value).build()))
                .orElseGet(() -> Replies.error(request, ResponseCode.QUERY_NOT_FOUND,
                        "No config item, Namespace: " + namespace + " Key: " + key));
    }

    private CompletableFuture<RemotingCommand> list(RemotingCommand request, String namespace) {
        Map<String, String> values = table.namespace(namespace);
        if (values.isEmpty()) {
            return Replies.error(request, ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace);
        }
        return Replies.success(request, Json.write(Map.of("table", values)));
    }
}
