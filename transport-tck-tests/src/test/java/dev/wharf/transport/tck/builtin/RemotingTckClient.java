package dev.wharf.transport.tck.builtin;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.remoting.RemotingTransportProvider;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ClientTlsOptions;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tck.TckClaims;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TckConnection;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import dev.wharf.transport.tck.TckRefusal;
import dev.wharf.transport.tck.TckSubscription;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wharf's own Remoting client ({@code NettyRemotingClient}) writing the commands a RocketMQ producer and pull
 * consumer send: SEND_MESSAGE_V2, long-polling PULL_MESSAGE, and UPDATE_CONSUMER_OFFSET as the ack. Remoting
 * consumers pull, so the server pushes nothing; Remoting has no request pool of its own (its requests go to
 * the broker's), so there is nothing of its own to fill.
 */
final class RemotingTckClient implements TckClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final long LONG_POLL_MILLIS = 5_000;
    private static final long RETRY_MILLIS = 200;
    private static final byte[] NOT_JSON = "{not json at all".getBytes(StandardCharsets.US_ASCII);
    /** PULL_MESSAGE's sys flags: the request may be suspended (long polling) and carries its subscription. */
    private static final int PULL_SUSPEND_WITH_SUBSCRIPTION = 0x2 | 0x4;

    private final TransportContext context = TransportContext.builder().ioThreads(1).build();

    @Override
    public TckClaims claims() {
        return TckClaims.builder()
                .tls(true)
                .malformedInput(frame(Integer.MAX_VALUE, new byte[8]))
                .malformedInput(frame(4 + NOT_JSON.length, NOT_JSON))
                .build();
    }

    @Override
    public TckConnection connect(InetSocketAddress address, boolean tls) {
        ClientOptions options = ClientOptions.defaults().withConnectTimeout(TIMEOUT);
        RemotingClient client = new RemotingTransportProvider()
                .newClient(context, tls ? options.withTls(ClientTlsOptions.trustingAll()) : options);
        return new Connection(client, address.getHostString() + ":" + address.getPort());
    }

    @Override
    public void close() {
        context.close();
    }

    /** A Remoting frame: total length, then the header length with serialize type JSON, then the header. */
    private static byte[] frame(int totalLength, byte[] header) {
        return ByteBuffer.allocate(8 + header.length).putInt(totalLength).putInt(header.length).put(header).array();
    }

    private final class Connection implements TckConnection {

        private final RemotingClient client;
        private final String address;

        Connection(RemotingClient client, String address) {
            this.client = client;
            this.address = address;
        }

        @Override
        public CompletableFuture<String> publish(String topic, TckMessage message) {
            Map<String, String> properties = new HashMap<>(message.properties());
            properties.put(MessageProperties.WAIT_STORE_MSG_OK, "true");
            properties.put(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, UUID.randomUUID().toString());
            RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                    .extField("a", "tck-producers")
                    .extField("b", topic)
                    .extField("c", "TBW102")
                    .extField("d", 1)
                    .extField("e", 0)
                    .extField("f", 0)
                    .extField("g", System.currentTimeMillis())
                    .extField("h", 0)
                    .extField("i", MessageProperties.encode(properties))
                    .extField("j", 0)
                    .extField("k", false)
                    .extField("m", false)
                    .body(message.body())
                    .build();
            return succeeded(send).thenApply(response -> response.extField("msgId"));
        }

        @Override
        public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
            PullLoop loop = new PullLoop(topic, group, sink);
            loop.pullFrom(0);
            return loop;
        }

        @Override
        public CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery) {
            return succeeded(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                    .extField("consumerGroup", group)
                    .extField("topic", topic)
                    .extField("queueId", 0)
                    .extField("commitOffset", Long.parseLong(delivery.receipt()) + 1)
                    .build()).thenApply(response -> null);
        }

        @Override
        public void close() {
            client.close();
        }

        /** The response when it is SUCCESS; a {@link TckRefusal} otherwise. */
        private CompletableFuture<RemotingCommand> succeeded(RemotingCommand request) {
            return client.invoke(address, request, TIMEOUT).thenApply(response -> {
                if (response.code() != ResponseCode.SUCCESS) {
                    throw refusal(response);
                }
                return response;
            });
        }

        private static TckRefusal refusal(RemotingCommand response) {
            TckRefusal.Kind kind = response.code() == ResponseCode.SYSTEM_BUSY ? TckRefusal.Kind.BUSY : TckRefusal.Kind.ERROR;
            return new TckRefusal(kind, ResponseCode.nameOf(response.code()) + " " + response.remark());
        }

        /** Long-polling pulls of queue 0, one at a time, each from where the last ended, until closed. */
        private final class PullLoop implements TckSubscription {

            private final String topic;
            private final String group;
            private final Consumer<TckDelivery> sink;
            private volatile boolean closed;

            PullLoop(String topic, String group, Consumer<TckDelivery> sink) {
                this.topic = topic;
                this.group = group;
                this.sink = sink;
            }

            void pullFrom(long offset) {
                if (closed) {
                    return;
                }
                client.invoke(address, pull(offset), TIMEOUT).whenComplete((response, failure) -> {
                    if (failure != null) {
                        // Lost connection or timeout: ask again a little later, as a pull consumer does.
                        context.ioGroup().schedule(() -> pullFrom(offset), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                        return;
                    }
                    if (response.code() == ResponseCode.SUCCESS) {
                        for (StoredMessage message : StoredMessageCodec.decodeAll(response.body())) {
                            sink.accept(new TckDelivery(message.offsetMessageId(), message.body(), message.properties(),
                                    Long.toString(message.queueOffset())));
                        }
                    }
                    String next = response.extField("nextBeginOffset");
                    pullFrom(next == null ? offset : Long.parseLong(next));
                });
            }

            private RemotingCommand pull(long offset) {
                return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                        .extField("consumerGroup", group)
                        .extField("topic", topic)
                        .extField("queueId", 0)
                        .extField("queueOffset", offset)
                        .extField("maxMsgNums", 32)
                        .extField("sysFlag", PULL_SUSPEND_WITH_SUBSCRIPTION)
                        .extField("commitOffset", 0)
                        .extField("suspendTimeoutMillis", LONG_POLL_MILLIS)
                        .extField("subscription", "*")
                        .extField("subVersion", 0)
                        .extField("expressionType", "TAG")
                        .build();
            }

            @Override
            public void close() {
                closed = true;
            }
        }
    }
}
