package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.AckMessageEntry;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.QueryOffsetPolicy;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.UpdateOffsetRequest;
import com.google.protobuf.Duration;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ResponseCode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC consumption RPCs against the real embedded broker, through a grpc-java stub (the official SDK
 * runs in compat-tests-grpc): messages sent over Remoting are received, acknowledged, handed back with a
 * new invisible time (and come again as a second delivery), dead-lettered and pulled.
 */
class GrpcConsumeTest {

    private static final String TOPIC = "orders";
    private static final String GROUP = "grpc-readers";

    @TempDir
    Path dataDir;

    private LocalGateway gateway;
    private RemotingTestClient remoting;
    private ManagedChannel channel;
    private MessagingServiceGrpc.MessagingServiceBlockingStub grpc;

    @BeforeEach
    void start() {
        GatewayConfig defaults = TestGateway.config(dataDir);
        gateway = LocalGateway.start(new GatewayConfig(defaults.mode(),
                List.of(defaults.listeners().get(0),
                        new ListenerConfig("grpc", "127.0.0.1", 0, List.of(ProtocolType.GRPC))),
                defaults.store(), defaults.broker(), defaults.threads()));
        remoting = new RemotingTestClient(gateway.listeners().get(0).address());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.listeners().get(1).port()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), "test@1@1@grpc-consume");
        grpc = MessagingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        remoting.close();
        gateway.close();
    }

    @Test
    void messagesAreReceivedAckedHandedBackDeadLetteredAndPulled() {
        for (String body : List.of("one", "two", "three")) {
            assertThat(remoting.send(TOPIC, 1, "TagA", body).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        // A new group starts at the end of a queue, as Apache RocketMQ's proxy has it: start it at 0.
        for (int queueId = 0; queueId < 4; queueId++) {
            assertThat(grpc.updateOffset(UpdateOffsetRequest.newBuilder().setGroup(resource(GROUP))
                    .setMessageQueue(queue(TOPIC, queueId)).setOffset(0).build()).getStatus().getCode())
                    .isEqualTo(Code.OK);
        }

        List<Message> received = receive();
        assertThat(received).extracting(message -> message.getBody().toStringUtf8())
                .containsExactly("one", "two", "three");
        assertThat(received).allSatisfy(message -> {
            assertThat(message.getSystemProperties().getTag()).isEqualTo("TagA");
            assertThat(message.getSystemProperties().getDeliveryAttempt()).isEqualTo(1);
        });

        assertThat(ack(received.get(0))).isEqualTo(Code.OK);
        ChangeInvisibleDurationResponse handedBack = grpc.changeInvisibleDuration(
                ChangeInvisibleDurationRequest.newBuilder()
                        .setGroup(resource(GROUP)).setTopic(resource(TOPIC)).setMessageId(id(received.get(1)))
                        .setReceiptHandle(handle(received.get(1)))
                        .setInvisibleDuration(Duration.newBuilder().setSeconds(0))
                        .build());
        assertThat(handedBack.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(grpc.forwardMessageToDeadLetterQueue(ForwardMessageToDeadLetterQueueRequest.newBuilder()
                .setGroup(resource(GROUP)).setTopic(resource(TOPIC)).setMessageId(id(received.get(2)))
                .setReceiptHandle(handle(received.get(2))).setDeliveryAttempt(1).setMaxDeliveryAttempts(17)
                .build()).getStatus().getCode()).isEqualTo(Code.OK);

        Message again = await().atMost(java.time.Duration.ofSeconds(30)).until(
                () -> receive().stream().findFirst().orElse(null), message -> message != null);
        assertThat(again.getBody().toStringUtf8()).isEqualTo("two");
        assertThat(again.getSystemProperties().getDeliveryAttempt()).isEqualTo(2);
        assertThat(ack(again)).isEqualTo(Code.OK);

        List<PullMessageResponse> dlq = new ArrayList<>();
        grpc.withDeadlineAfter(30, TimeUnit.SECONDS).pullMessage(PullMessageRequest.newBuilder()
                .setGroup(resource("dlq-readers")).setMessageQueue(queue("%DLQ%" + GROUP, 0)).setOffset(0)
                .setBatchSize(32).setLongPollingTimeout(Duration.newBuilder().setSeconds(5)).build())
                .forEachRemaining(dlq::add);
        assertThat(dlq.get(0).getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(dlq.get(1).getMessage().getBody().toStringUtf8()).isEqualTo("three");
        assertThat(dlq.get(2).getNextOffset()).isEqualTo(1);

        assertThat(grpc.queryOffset(QueryOffsetRequest.newBuilder().setMessageQueue(queue(TOPIC, 1))
                .setQueryOffsetPolicy(QueryOffsetPolicy.END).build()).getOffset()).isEqualTo(3);
    }

    private List<Message> receive() {
        List<Message> messages = new ArrayList<>();
        grpc.withDeadlineAfter(30, TimeUnit.SECONDS).receiveMessage(ReceiveMessageRequest.newBuilder()
                        .setGroup(resource(GROUP))
                        .setMessageQueue(queue(TOPIC, -1))
                        .setFilterExpression(FilterExpression.newBuilder().setType(FilterType.TAG).setExpression("*"))
                        .setBatchSize(32)
                        .setInvisibleDuration(Duration.newBuilder().setSeconds(30))
                        .setLongPollingTimeout(Duration.newBuilder().setSeconds(5))
                        .build())
                .forEachRemaining(response -> {
                    if (response.hasMessage()) {
                        messages.add(response.getMessage());
                    } else if (response.hasStatus()) {
                        assertThat(response.getStatus().getCode()).isIn(Code.OK, Code.MESSAGE_NOT_FOUND);
                    }
                });
        return messages;
    }

    private Code ack(Message message) {
        return grpc.ackMessage(AckMessageRequest.newBuilder().setGroup(resource(GROUP)).setTopic(resource(TOPIC))
                .addEntries(AckMessageEntry.newBuilder().setMessageId(id(message)).setReceiptHandle(handle(message)))
                .build()).getStatus().getCode();
    }

    private static String handle(Message message) {
        return message.getSystemProperties().getReceiptHandle();
    }

    private static String id(Message message) {
        return message.getSystemProperties().getMessageId();
    }

    private static Resource resource(String name) {
        return Resource.newBuilder().setName(name).build();
    }

    private static MessageQueue queue(String topic, int id) {
        return MessageQueue.newBuilder().setTopic(resource(topic)).setId(id)
                .setBroker(apache.rocketmq.v2.Broker.newBuilder().setName("broker-a")).build();
    }
}
