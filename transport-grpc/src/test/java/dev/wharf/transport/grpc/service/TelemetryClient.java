package dev.wharf.transport.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.FilterExpression;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.Publishing;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.Subscription;
import apache.rocketmq.v2.SubscriptionEntry;
import apache.rocketmq.v2.TelemetryCommand;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The client side of a Telemetry stream, as an SDK keeps it open: what the server wrote, in order. */
final class TelemetryClient implements StreamObserver<TelemetryCommand> {

    private final BlockingQueue<TelemetryCommand> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final StreamObserver<TelemetryCommand> toServer;

    TelemetryClient(MessagingServiceGrpc.MessagingServiceStub stub) {
        this.toServer = stub.telemetry(this);
    }

    static Settings producerSettings(String... topics) {
        Publishing.Builder publishing = Publishing.newBuilder();
        for (String topic : topics) {
            publishing.addTopics(Resource.newBuilder().setName(topic));
        }
        return Settings.newBuilder().setClientType(ClientType.PRODUCER).setPublishing(publishing).build();
    }

    static Settings consumerSettings(ClientType type, String group, SubscriptionEntry... subscriptions) {
        return Settings.newBuilder()
                .setClientType(type)
                .setSubscription(Subscription.newBuilder()
                        .setGroup(Resource.newBuilder().setName(group))
                        .addAllSubscriptions(java.util.List.of(subscriptions)))
                .build();
    }

    static SubscriptionEntry subscription(String topic, FilterType type, String expression) {
        return SubscriptionEntry.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic))
                .setExpression(FilterExpression.newBuilder().setType(type).setExpression(expression))
                .build();
    }

    /** Sends settings and returns the server's reply. */
    TelemetryCommand sync(Settings settings) throws InterruptedException {
        send(TelemetryCommand.newBuilder().setSettings(settings).build());
        TelemetryCommand reply = next();
        assertThat(reply.hasSettings()).as("settings reply %s", reply).isTrue();
        return reply;
    }

    void send(TelemetryCommand command) {
        toServer.onNext(command);
    }

    void complete() {
        toServer.onCompleted();
    }

    /** The next command the server wrote; fails the test if none comes within 5 s. */
    TelemetryCommand next() throws InterruptedException {
        TelemetryCommand command = received.poll(5, TimeUnit.SECONDS);
        assertThat(command).as("a telemetry command from the server").isNotNull();
        return command;
    }

    /** How the server ended the stream: completes normally, or with the gRPC error. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void onNext(TelemetryCommand command) {
        received.add(command);
    }

    @Override
    public void onError(Throwable failure) {
        ended.completeExceptionally(failure);
    }

    @Override
    public void onCompleted() {
        ended.complete(null);
    }
}
