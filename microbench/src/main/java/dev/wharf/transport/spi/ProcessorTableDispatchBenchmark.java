package dev.wharf.transport.spi;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording request metrics adds to {@link ProcessorTable#dispatch}: a send answered at once on the
 * calling thread, through a table without metrics and through one recording into a Prometheus registry
 * (a counter increment and a histogram timer per request), as the gateway's listeners do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessorTableDispatchBenchmark {

    @Param({"false", "true"})
    public boolean metrics;

    private PrometheusMeterRegistry registry;
    private ProcessorTable table;
    private RequestContext context;
    private RemotingCommand request;

    @Setup
    public void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        table = metrics
                ? new ProcessorTable(new TransportMetrics(registry, MetricsExposition.notExported()))
                : new ProcessorTable();
        RemotingCommand answer = RemotingCommand.request(ResponseCode.SUCCESS).build();
        table.registerProcessor(RequestCode.SEND_MESSAGE_V2,
                (ctx, req) -> CompletableFuture.completedFuture(answer), Runnable::run);
        context = new RequestContext(new TestConnection(), 0L);
        request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).opaque(1).build();
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public RemotingCommand dispatchSend() {
        return table.dispatch(context, request).join();
    }
}
