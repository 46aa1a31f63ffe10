package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.Publishing;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.TelemetryCommand;
import com.google.common.util.concurrent.ListenableFuture;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC listener drained ({@code shutdownGracefully}): calls in progress are answered, Telemetry streams end with
 * UNAVAILABLE, nobody new gets in, and a call that never finishes does not hold the drain past its timeout.
 */
class GrpcDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Metadata CLIENT = headers("x-mq-client-id", "drained-client", "x-mq-language", "JAVA");

    private final CompletableFuture<Void> routeAsked = new CompletableFuture<>();
    private final CompletableFuture<RemotingCommand> routeAnswer = new CompletableFuture<>();
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        server = TestGrpcServer.start();
        server.server.registerDefaultProcessor((ctx, request) -> {
            if (request.code() != RequestCode.GET_ROUTEINFO_BY_TOPIC) {
                return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
            }
            routeAsked.complete(null);
            return routeAnswer.thenApply(answer -> answer.withOpaque(request.opaque()));
        }, Runnable::run);
        channel = TestClients.plaintext(server.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestClients.close(channel);
        server.close();
    }

    @Test
    void aCallInProgressIsAnsweredAndNobodyNewGetsIn() throws Exception {
        ListenableFuture<QueryRouteResponse> route = queryRoute();
        await().atMost(WAIT).until(routeAsked::isDone);

        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> server.server.shutdownGracefully(WAIT));
        await().atMost(WAIT).until(() -> refusesConnections(server.port()));
        assertThat(draining).isNotDone();

        routeAnswer.complete(RemotingCommand.responseTo(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .build(), ResponseCode.TOPIC_NOT_EXIST).remark("no such topic").build());

        assertThat(route.get(WAIT.toSeconds(), TimeUnit.SECONDS).getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
        assertThat(draining).succeedsWithin(WAIT);
    }

    @Test
    void aTelemetryStreamEndsWithUnavailable() throws Exception {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        CompletableFuture<TelemetryCommand> settingsReply = new CompletableFuture<>();
        StreamObserver<TelemetryCommand> toServer = MessagingServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(CLIENT))
                .telemetry(new StreamObserver<>() {
                    @Override
                    public void onNext(TelemetryCommand command) {
                        settingsReply.complete(command);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        ended.complete(Status.fromThrowable(failure));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
        toServer.onNext(TelemetryCommand.newBuilder().setSettings(Settings.newBuilder()
                .setClientType(ClientType.PRODUCER)
                .setPublishing(Publishing.newBuilder().addTopics(Resource.newBuilder().setName("orders")))).build());
        assertThat(settingsReply).succeedsWithin(WAIT);

        server.server.shutdownGracefully(WAIT);

        assertThat(ended).succeedsWithin(WAIT).extracting(Status::getCode).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aCallThatNeverFinishesIsCancelledAtTheTimeout() throws Exception {
        ListenableFuture<QueryRouteResponse> route = queryRoute();
        await().atMost(WAIT).until(routeAsked::isDone);
        int port = server.port();

        server.server.shutdownGracefully(Duration.ofMillis(300));

        assertThat(refusesConnections(port)).isTrue();
        ExecutionException failed = catchThrowableOfType(
                () -> route.get(WAIT.toSeconds(), TimeUnit.SECONDS), ExecutionException.class);
        assertThat(failed).isNotNull();
        assertThat(Status.fromThrowable(failed.getCause()).getCode())
                .isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    }

    private ListenableFuture<QueryRouteResponse> queryRoute() {
        return MessagingServiceGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(CLIENT))
                .withDeadlineAfter(WAIT.toSeconds() * 2, TimeUnit.SECONDS)
                .queryRoute(QueryRouteRequest.newBuilder().setTopic(Resource.newBuilder().setName("orders")).build());
    }

    private static Metadata headers(String... namesAndValues) {
        Metadata metadata = new Metadata();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            metadata.put(Metadata.Key.of(namesAndValues[i], Metadata.ASCII_STRING_MARSHALLER), namesAndValues[i + 1]);
        }
        return metadata;
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
