package dev.wharf.transport.http2.testing;

import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.http2.HttpServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.net.URI;

/** An HTTP server on 127.0.0.1 and a free port, in front of a fake broker. */
public final class TestServer implements AutoCloseable {

    private final TransportContext context;
    private final HttpServer server;
    private final RecordingBroker broker;

    private TestServer(ServerConfig config) {
        this.context = TransportContext.builder().ioThreads(1).build();
        this.broker = new RecordingBroker();
        this.server = new HttpServer(context, config);
        server.registerDefaultProcessor((ctx, request) -> broker.processors().dispatch(ctx, request), Runnable::run);
        server.start();
    }

    public static TestServer start() {
        return start(ServerConfig.of("127.0.0.1", 0));
    }

    public static TestServer start(ServerConfig config) {
        return new TestServer(config);
    }

    public RecordingBroker broker() {
        return broker;
    }

    public int port() {
        return server.localAddress().getPort();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    @Override
    public void close() {
        server.shutdown();
        context.close();
    }
}
