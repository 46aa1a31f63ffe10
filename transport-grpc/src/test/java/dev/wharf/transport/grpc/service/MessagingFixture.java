package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import dev.wharf.messaging.testing.MutableClock;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.grpc.GrpcServerOptions;
import dev.wharf.transport.grpc.session.ClientMetadataInterceptor;
import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.spi.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The messaging service on an in-process gRPC server in front of a {@link RecordingBroker}, with a clock the
 * test moves, and client stubs that send the SDK's headers.
 */
final class MessagingFixture implements AutoCloseable {

    static final String CLIENT_ID = "host@1234@1@grpc-test";

    /** Where the fixture's clock starts. */
    static final long START_MILLIS = 1_700_000_000_000L;

    final RecordingBroker broker = new RecordingBroker();
    final MutableClock clock = new MutableClock(START_MILLIS);
    final ClientSessions sessions = new ClientSessions(clock);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final GrpcMessagingService service;
    private final Server server;
    private final ManagedChannel channel;

    MessagingFixture() {
        this(GrpcServerOptions.from(ServerConfig.of("127.0.0.1", 0)));
    }

    /** The service with these listener options (limits). */
    MessagingFixture(GrpcServerOptions options) {
        service = new GrpcMessagingService(broker.processors(), sessions, pool, timer, clock, options);
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(ServerInterceptors.intercept(service, new ClientMetadataInterceptor()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    MessagingServiceGrpc.MessagingServiceBlockingStub stub() {
        return MessagingServiceGrpc.newBlockingStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(headers(CLIENT_ID)));
    }

    MessagingServiceGrpc.MessagingServiceStub asyncStub() {
        return MessagingServiceGrpc.newStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(headers(CLIENT_ID)));
    }

    /** A stub that sends no client id. */
    MessagingServiceGrpc.MessagingServiceBlockingStub anonymousStub() {
        return MessagingServiceGrpc.newBlockingStub(channel);
    }

    /** An async stub that sends no client id. */
    MessagingServiceGrpc.MessagingServiceStub anonymousAsyncStub() {
        return MessagingServiceGrpc.newStub(channel);
    }

    /** The whole answer to a receive, with a 30 s deadline. */
    List<ReceiveMessageResponse> receive(ReceiveMessageRequest request) {
        List<ReceiveMessageResponse> responses = new ArrayList<>();
        stub().withDeadlineAfter(30, TimeUnit.SECONDS).receiveMessage(request).forEachRemaining(responses::add);
        return responses;
    }

    private static Metadata headers(String clientId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), clientId);
        headers.put(Metadata.Key.of("x-mq-language", Metadata.ASCII_STRING_MARSHALLER), "JAVA");
        headers.put(Metadata.Key.of("x-mq-client-version", Metadata.ASCII_STRING_MARSHALLER), "5.2.0");
        return headers;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        service.close();
        timer.shutdownNow();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
