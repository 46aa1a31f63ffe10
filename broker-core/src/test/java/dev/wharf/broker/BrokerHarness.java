package dev.wharf.broker;

import dev.wharf.broker.pop.OriginalMessageReader;
import dev.wharf.store.FlushPolicy;
import dev.wharf.store.StoreConfig;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.TestConnection;
import dev.wharf.transport.spi.TransportContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/** A started broker over a temporary directory, driven through its processor table as a transport would. */
final class BrokerHarness implements AutoCloseable {

    /** 18 levels of 100 ms, 200 ms, …: the classic table's shape, fast enough for tests. */
    static final List<Duration> SHORT_LEVELS =
            IntStream.rangeClosed(1, 18).mapToObj(level -> Duration.ofMillis(100L * level)).toList();
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    final TestConnection connection = new TestConnection();
    final BrokerConfig config;
    private final TransportContext context;
    private final UnaryOperator<OriginalMessageReader> revivedReads;
    private Broker broker;

    private BrokerHarness(BrokerConfig config, TransportContext context,
            UnaryOperator<OriginalMessageReader> revivedReads) {
        this.config = config;
        this.context = context;
        this.revivedReads = revivedReads;
    }

    static BrokerHarness start(Path dir) {
        return start(dir, UnaryOperator.identity());
    }

    static BrokerHarness start(Path dir, UnaryOperator<BrokerConfig> customize) {
        return start(dir, TransportContext.builder().ioThreads(1).build(), customize);
    }

    static BrokerHarness start(Path dir, TransportContext context, UnaryOperator<BrokerConfig> customize) {
        return start(dir, context, customize, UnaryOperator.identity());
    }

    /** A broker whose POP revive service reads originals through {@code revivedReads}. */
    static BrokerHarness start(Path dir, UnaryOperator<BrokerConfig> customize,
            UnaryOperator<OriginalMessageReader> revivedReads) {
        return start(dir, TransportContext.builder().ioThreads(1).build(), customize, revivedReads);
    }

    private static BrokerHarness start(Path dir, TransportContext context, UnaryOperator<BrokerConfig> customize,
            UnaryOperator<OriginalMessageReader> revivedReads) {
        StoreConfig store = new StoreConfig(dir, 1 << 20, 1024, FlushPolicy.ASYNC, Duration.ofMillis(100), STORE_HOST);
        BrokerConfig config = customize.apply(BrokerConfig.defaults(dir)
                .withStore(store)
                .withNames("broker-a", "DefaultCluster")
                .withDelayLevels(SHORT_LEVELS));
        BrokerHarness harness = new BrokerHarness(config, context, revivedReads);
        harness.broker = new Broker(config, context, revivedReads);
        harness.broker.start();
        return harness;
    }

    Broker broker() {
        return broker;
    }

    /** Closes the broker and starts a new one over the same directory. */
    void restart() {
        restart(() -> { });
    }

    /** Closes the broker, does something to its files or waits while it is down, and starts a new one. */
    void restart(Runnable whileStopped) {
        broker.close();
        whileStopped.run();
        broker = new Broker(config, context, revivedReads);
        broker.start();
    }

    RemotingCommand call(RemotingCommand request) {
        return call(connection, request);
    }

    RemotingCommand call(TestConnection from, RemotingCommand request) {
        return await(dispatch(from, request));
    }

    CompletableFuture<RemotingCommand> dispatch(TestConnection from, RemotingCommand request) {
        return broker.processors().dispatch(new RequestContext(from, System.currentTimeMillis()), request);
    }

    static RemotingCommand await(CompletableFuture<RemotingCommand> answer) {
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }

    @Override
    public void close() {
        broker.close();
        context.close();
    }
}
