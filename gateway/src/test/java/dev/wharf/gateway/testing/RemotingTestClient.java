package dev.wharf.gateway.testing;

import dev.wharf.gateway.local.EventLoops;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Wharf's own Remoting client ({@code NettyRemotingClient}, found through the transport registry) with the
 * few requests the gateway tests send, written as the official Java client writes them.
 */
public final class RemotingTestClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TransportContext context = EventLoops.sharedContext(1);
    private final RemotingClient client;
    private final String address;

    public RemotingTestClient(String address) {
        this(address, ClientOptions.defaults());
    }

    /** A client with {@code options}, TLS for one. */
    public RemotingTestClient(String address, ClientOptions options) {
        this.address = address;
        this.client = TransportRegistry.load(context, RemotingTestClient.class.getClassLoader())
                .createClient(ProtocolType.REMOTING, options);
    }

    public RemotingCommand call(RemotingCommand request) {
        return callAsync(request).join();
    }

    public CompletableFuture<RemotingCommand> callAsync(RemotingCommand request) {
        return client.invoke(address, request, TIMEOUT);
    }

    public RemotingCommand route(String topic) {
        return call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).extField("topic", topic).build());
    }

    /** A SEND_MESSAGE_V2 of one message with tag {@code tags} to the queue; answers the response. */
    public RemotingCommand send(String topic, int queueId, String tags, String body) {
        return call(sendRequest(topic, queueId, tags, body).build());
    }

    /** The SEND_MESSAGE_V2 {@link #send} sends, to add fields to. */
    public static RemotingCommand.Builder sendRequest(String topic, int queueId, String tags, String body) {
        String properties = MessageProperties.encode(Map.of(
                MessageProperties.TAGS, tags,
                MessageProperties.WAIT_STORE_MSG_OK, "true",
                MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, UUID.randomUUID().toString()));
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extField("a", "test-producers")
                .extField("b", topic)
                .extField("c", "TBW102")
                .extField("d", 4)
                .extField("e", queueId)
                .extField("f", 0)
                .extField("g", System.currentTimeMillis())
                .extField("h", 0)
                .extField("i", properties)
                .extField("j", 0)
                .extField("k", false)
                .extField("m", false)
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A PULL_MESSAGE without long polling, subscribing to every tag; the response. */
    public RemotingCommand pull(String group, String topic, int queueId, long queueOffset) {
        return call(pullRequest(group, topic, queueId, queueOffset, 0));
    }

    /** A PULL_MESSAGE the broker may hold for {@code suspendMillis} while the queue has nothing past the offset. */
    public static RemotingCommand pullRequest(String group, String topic, int queueId, long queueOffset,
            long suspendMillis) {
        return queueRequest(RequestCode.PULL_MESSAGE, group, topic, queueId)
                .extField("queueOffset", queueOffset)
                .extField("maxMsgNums", 32)
                .extField("sysFlag", suspendMillis > 0 ? 0x4 | 0x2 : 0x4)
                .extField("commitOffset", 0)
                .extField("suspendTimeoutMillis", suspendMillis)
                .extField("subscription", "*")
                .extField("subVersion", 0)
                .extField("expressionType", "TAG")
                .build();
    }

    /** The messages of a successful pull; an empty list for any other answer. */
    public static List<StoredMessage> messages(RemotingCommand pullResponse) {
        return pullResponse.code() == ResponseCode.SUCCESS
                ? StoredMessageCodec.decodeAll(pullResponse.body())
                : List.of();
    }

    public RemotingCommand commitOffset(String group, String topic, int queueId, long offset) {
        return call(queueRequest(RequestCode.UPDATE_CONSUMER_OFFSET, group, topic, queueId)
                .extField("commitOffset", offset)
                .build());
    }

    private static RemotingCommand.Builder queueRequest(int code, String group, String topic, int queueId) {
        return RemotingCommand.request(code)
                .extField("consumerGroup", group)
                .extField("topic", topic)
                .extField("queueId", queueId);
    }

    @Override
    public void close() {
        client.close();
        context.close();
    }
}
