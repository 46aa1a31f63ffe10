package dev.wharf.gateway.local;

import dev.wharf.transport.spi.MetricsExposition;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The gateway's metrics registry, rendered as Prometheus text: what transports record (see
 * {@link dev.wharf.transport.spi.TransportMetrics}) plus the JVM and the process — memory pools, GC
 * pauses, threads, class loading, CPU, open files and uptime. One per gateway, closed after the
 * transport context that records into it.
 *
 * <pre>{@code
 * try (PrometheusMetrics metrics = PrometheusMetrics.start();
 *      TransportContext context = EventLoops.sharedContext(4, metrics)) {
 *     String text = metrics.exposition().scrape();
 * }
 * }</pre>
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final MetricsExposition exposition;

    private PrometheusMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
        this.exposition = MetricsExposition.of(CONTENT_TYPE, registry::scrape);
    }

    /** A registry with the JVM and process meters bound. */
    public static PrometheusMetrics start() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // GC metrics listen for GC notifications until closed.
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new PrometheusMetrics(registry, gc);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The registry's text, for a transport's {@code /metrics}. */
    public MetricsExposition exposition() {
        return exposition;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
