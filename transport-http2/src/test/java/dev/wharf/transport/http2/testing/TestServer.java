package dev.wharf.transport.http2.testing;

import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.http2.HttpServer;
import dev.wharf.transport.spi.MetricsExposition;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.net.URI;
import java.time.Duration;

/** An HTTP server on 127.0.0.1 and a free port, in front of a fake broker. */
public final class TestServer implements AutoCloseable {

    /** What the server's process exports as metrics: a stand-in for the gateway's Prometheus registry. */
    public static final String METRICS_TEXT = "wharf_test_metric 1.0\n";
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TransportContext context;
    private final HttpServer server;
    private final RecordingBroker broker;

    private TestServer(ServerConfig config) {
        this.context = TransportContext.builder().ioThreads(1)
                .metricsExposition(MetricsExposition.of(METRICS_CONTENT_TYPE, () -> METRICS_TEXT))
                .build();
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

    /** Drains the server as a gateway does for a listener it removes. */
    public void shutdownGracefully(Duration timeout) {
        server.shutdownGracefully(timeout);
    }

    @Override
    public void close() {
        server.shutdown();
        context.close();
    }
}
