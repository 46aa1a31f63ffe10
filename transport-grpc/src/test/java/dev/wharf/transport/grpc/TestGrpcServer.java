package dev.wharf.transport.grpc;

import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.util.concurrent.ExecutorService;

/**
 * A started {@link GrpcListener} on 127.0.0.1 and a free port, made by the provider as the gateway makes
 * it, on its own one-thread {@link TransportContext}. Its broker is a processor that notes each command
 * and refuses it as unsupported.
 */
final class TestGrpcServer implements AutoCloseable {

    final TransportContext context;
    final GrpcListener server;

    private TestGrpcServer(TransportContext context, GrpcListener server) {
        this.context = context;
        this.server = server;
    }

    /** A server with these options (name, value, name, value…) on top of the defaults. */
    static TestGrpcServer start(String... options) {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0);
        for (int i = 0; i < options.length; i += 2) {
            config = config.withOption(options[i], options[i + 1]);
        }
        TransportContext context = TransportContext.builder().ioThreads(1).build();
        try {
            GrpcListener server = (GrpcListener) new GrpcTransportProvider().newServer(context, config);
            server.start();
            return new TestGrpcServer(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    int port() {
        return server.localAddress().getPort();
    }

    /** The business pool calls run on, made with the gRPC service on the first connection. */
    ExecutorService pool() {
        return context.executors().get(GrpcServerOptions.POOL_NAME).orElseThrow();
    }

    @Override
    public void close() {
        server.shutdown();
        context.close();
    }
}
