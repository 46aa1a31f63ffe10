package dev.wharf.transport.tck.builtin;

import apache.rocketmq.v2.AckMessageEntry;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.SendResultEntry;
import apache.rocketmq.v2.Status;
import apache.rocketmq.v2.SystemProperties;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.wharf.transport.tck.TckClaims;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TckConnection;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import dev.wharf.transport.tck.TckRefusal;
import dev.wharf.transport.tck.TckSubscription;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * grpc-java stubs of {@code apache.rocketmq.v2.MessagingService} (from rocketmq-proto) on one Netty channel per
 * connection, sending what the 5.x SDKs send: SendMessage, ReceiveMessage (long polling, the SDKs' consumers
 * loop over it, so the server pushes nothing unasked) and AckMessage. The gRPC transport's {@code grpc} pool
 * answers TOO_MANY_REQUESTS when full.
 */
final class GrpcTckClient implements TckClient {

    private static final long CALL_SECONDS = 15;
    private static final long LONG_POLL_SECONDS = 5;
    private static final long RETRY_MILLIS = 200;
    /** A 4 MiB body with its envelope, both ways. */
    private static final int MAX_MESSAGE_BYTES = 8 << 20;

    /** Only schedules the next receive after a failed one. */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tck-grpc-retries");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public TckClaims claims() {
        return TckClaims.builder()
                .tls(true)
                .busyWhen(Map.of("businessThreads", "1", "businessQueue", "1"))
                .malformedInput(prefaceThenOversizedFrame())
                .build();
    }

    @Override
    public TckConnection connect(InetSocketAddress address, boolean tls) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        if (tls) {
            try {
                builder.sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot make a TLS context", e);
            }
        } else {
            builder.usePlaintext();
        }
        return new Connection(builder.build());
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }

    /** The HTTP/2 client preface, then a frame header announcing 16 MiB - 1 of an unknown frame type. */
    private static byte[] prefaceThenOversizedFrame() {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(preface.length + 9).put(preface)
                .put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x04, 0, 0, 0, 0, 0}).array();
    }

    private final class Connection implements TckConnection {

        private final ManagedChannel channel;
        private final MessagingServiceGrpc.MessagingServiceStub stub;

        Connection(ManagedChannel channel) {
            this.channel = channel;
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER),
                    "tck@" + UUID.randomUUID());
            this.stub = MessagingServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        @Override
        public CompletableFuture<String> publish(String topic, TckMessage message) {
            SendMessageRequest request = SendMessageRequest.newBuilder()
                    .addMessages(Message.newBuilder()
                            .setTopic(resource(topic))
                            .setBody(ByteString.copyFrom(message.body()))
                            .putAllUserProperties(message.properties())
                            .setSystemProperties(SystemProperties.newBuilder()
                                    .setMessageId(UUID.randomUUID().toString().replace("-", "").toUpperCase())
                                    .setMessageType(MessageType.NORMAL)
                                    .setBornTimestamp(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
                                    .setBornHost("127.0.0.1")))
                    .build();
            return this.<SendMessageRequest, SendMessageResponse>unary(request,
                    (sent, answer) -> timed().sendMessage(sent, answer))
                    .thenApply(response -> {
                        if (response.getEntriesCount() == 0) {
                            // A refusal of the whole call (a full pool) carries no entries.
                            requireOk(response.getStatus());
                        }
                        SendResultEntry entry = response.getEntries(0);
                        requireOk(entry.getStatus());
                        return entry.getMessageId();
                    });
        }

        @Override
        public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
            ReceiveLoop loop = new ReceiveLoop(topic, group, sink);
            loop.receive();
            return loop;
        }

        @Override
        public CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery) {
            AckMessageRequest request = AckMessageRequest.newBuilder()
                    .setGroup(resource(group))
                    .setTopic(resource(topic))
                    .addEntries(AckMessageEntry.newBuilder()
                            .setMessageId(delivery.messageId()).setReceiptHandle(delivery.receipt()))
                    .build();
            return this.<AckMessageRequest, AckMessageResponse>unary(request, (sent, answer) -> timed().ackMessage(sent, answer))
                    .thenAccept(response -> requireOk(response.getStatus()));
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }

        private MessagingServiceGrpc.MessagingServiceStub timed() {
            return stub.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
        }

        private <Q, A> CompletableFuture<A> unary(Q request, BiConsumer<Q, StreamObserver<A>> call) {
            CompletableFuture<A> answer = new CompletableFuture<>();
            call.accept(request, new StreamObserver<>() {
                @Override
                public void onNext(A value) {
                    answer.complete(value);
                }

                @Override
                public void onError(Throwable failure) {
                    answer.completeExceptionally(failure);
                }

                @Override
                public void onCompleted() {
                    answer.completeExceptionally(new IllegalStateException("the call ended without an answer"));
                }
            });
            return answer;
        }

        /** ReceiveMessage after ReceiveMessage on any queue of the topic, until closed. */
        private final class ReceiveLoop implements TckSubscription {

            private final String topic;
            private final String group;
            private final Consumer<TckDelivery> sink;
            private volatile boolean closed;

            ReceiveLoop(String topic, String group, Consumer<TckDelivery> sink) {
                this.topic = topic;
                this.group = group;
                this.sink = sink;
            }

            void receive() {
                if (closed) {
                    return;
                }
                ReceiveMessageRequest request = ReceiveMessageRequest.newBuilder()
                        .setGroup(resource(group))
                        .setMessageQueue(MessageQueue.newBuilder().setTopic(resource(topic)).setId(-1)
                                .setBroker(apache.rocketmq.v2.Broker.newBuilder().setName("wharf")))
                        .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("*"))
                        .setBatchSize(32)
                        .setInvisibleDuration(Duration.newBuilder().setSeconds(30))
                        .setLongPollingTimeout(Duration.newBuilder().setSeconds(LONG_POLL_SECONDS))
                        .build();
                List<Message> batch = new ArrayList<>();
                timed().receiveMessage(request, new StreamObserver<>() {
                    @Override
                    public void onNext(ReceiveMessageResponse response) {
                        if (response.hasMessage()) {
                            batch.add(response.getMessage());
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                        retries.schedule(ReceiveLoop.this::receive, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    public void onCompleted() {
                        batch.forEach(message -> sink.accept(new TckDelivery(
                                message.getSystemProperties().getMessageId(), message.getBody().toByteArray(),
                                message.getUserPropertiesMap(), message.getSystemProperties().getReceiptHandle())));
                        receive();
                    }
                });
            }

            @Override
            public void close() {
                closed = true;
            }
        }
    }

    private static Resource resource(String name) {
        return Resource.newBuilder().setName(name).build();
    }

    private static void requireOk(Status status) {
        if (status.getCode() == Code.OK) {
            return;
        }
        TckRefusal.Kind kind = status.getCode() == Code.TOO_MANY_REQUESTS ? TckRefusal.Kind.BUSY : TckRefusal.Kind.ERROR;
        throw new TckRefusal(kind, status.getCode() + " " + status.getMessage());
    }
}
