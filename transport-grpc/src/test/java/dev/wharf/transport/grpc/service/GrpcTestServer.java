package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.MessagingServiceGrpc;
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
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The messaging service on an in-process gRPC server, in front of a {@link FakeBroker}, and client stubs
 * that send the RocketMQ headers an SDK sends.
 */
final class GrpcTestServer implements AutoCloseable {

    static final String CLIENT_ID = "10.0.0.7@4711@1@test";

    private final String name = InProcessServerBuilder.generateName();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ClientSessions sessions = new ClientSessions(Clock.systemUTC());
    private final Server server;
    private final ManagedChannel channel;

    GrpcTestServer(FakeBroker broker) {
        this(broker, GrpcServerOptions.from(ServerConfig.of("127.0.0.1", 0)));
    }

    GrpcTestServer(FakeBroker broker, GrpcServerOptions options) {
        GrpcMessagingService service = new GrpcMessagingService(
                broker.processors(), sessions, pool, timer, Clock.systemUTC(), options);
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

    ClientSessions sessions() {
        return sessions;
    }

    /** A blocking stub of client {@link #CLIENT_ID}. */
    MessagingServiceGrpc.MessagingServiceBlockingStub blocking() {
        return blocking(CLIENT_ID);
    }

    /** A blocking stub sending {@code clientId}; blank sends no client id header. */
    MessagingServiceGrpc.MessagingServiceBlockingStub blocking(String clientId) {
        return MessagingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(clientId)))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** An async stub of client {@link #CLIENT_ID}, for the Telemetry stream. */
    MessagingServiceGrpc.MessagingServiceStub async() {
        return async(CLIENT_ID);
    }

    MessagingServiceGrpc.MessagingServiceStub async(String clientId) {
        return MessagingServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(clientId)));
    }

    private static Metadata headers(String clientId) {
        Metadata headers = new Metadata();
        if (!clientId.isBlank()) {
            headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), clientId);
        }
        headers.put(Metadata.Key.of("x-mq-language", Metadata.ASCII_STRING_MARSHALLER), "JAVA");
        headers.put(Metadata.Key.of("x-mq-client-version", Metadata.ASCII_STRING_MARSHALLER), "5.0.7");
        headers.put(Metadata.Key.of("x-mq-protocol", Metadata.ASCII_STRING_MARSHALLER), "v2");
        return headers;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        channel.awaitTermination(5, TimeUnit.SECONDS);
        pool.shutdownNow();
        timer.shutdownNow();
        sessions.closeAll();
    }
}
