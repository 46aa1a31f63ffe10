package dev.wharf.transport.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's metrics as transports see them: the Micrometer registry, the exposition a transport
 * serves on {@code /metrics}, one {@link ConnectionCounter} per protocol, and the request meters a
 * {@link ProcessorTable} built with {@code new ProcessorTable(context.metrics())} records into.
 *
 * <p>Meter names and tags, the same for every protocol (Prometheus spells dots as underscores and adds
 * {@code _total} and {@code _seconds}):
 * <ul>
 *   <li>{@value #REQUESTS} (counter) tagged {@code protocol}, {@code request} (the request code's name,
 *       {@code other} for codes Wharf has no name for) and {@code outcome} ({@code success} or
 *       {@code error});
 *   <li>{@value #REQUEST_DURATION} (timer with a percentile histogram) tagged {@code protocol} and
 *       {@code kind}: {@code long_poll} for requests a broker may hold until messages come (pull, pop,
 *       notification, polling info), {@code call} for every other request;
 *   <li>{@value ConnectionCounter#OPEN} (gauge) and {@value ConnectionCounter#OPENED} (counter) tagged
 *       {@code protocol}.
 * </ul>
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * TransportContext context = TransportContext.builder()
 *         .meterRegistry(prometheus)
 *         .metricsExposition(MetricsExposition.of("text/plain; version=0.0.4; charset=utf-8", prometheus::scrape))
 *         .build();
 * context.metrics().connections(ProtocolType.REMOTING).opened();
 * }</pre>
 */
public final class TransportMetrics {

    /** Counter of requests dispatched, by protocol, request and outcome. */
    public static final String REQUESTS = "wharf.requests";
    /** Timer of requests from dispatch to answer, by protocol and kind. */
    public static final String REQUEST_DURATION = "wharf.request.duration";
    /** The tag every Wharf meter carries: the connection's {@link ProtocolType#name()}. */
    public static final String PROTOCOL_TAG = "protocol";

    private final MeterRegistry registry;
    private final MetricsExposition exposition;
    private final Map<ProtocolType, ConnectionCounter> connections = new ConcurrentHashMap<>();
    private final Map<ProtocolType, RequestMeters> requests = new ConcurrentHashMap<>();

    /**
     * @param registry where meters are registered; one {@code TransportMetrics} per registry, since a gauge
     *     registered twice keeps reading the first one's value
     * @param exposition how the registry's values are served to a scraper
     */
    public TransportMetrics(MeterRegistry registry, MetricsExposition exposition) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.exposition = Objects.requireNonNull(exposition, "exposition");
    }

    /** The registry transports add their own meters to, tagged {@value #PROTOCOL_TAG} like these. */
    public MeterRegistry registry() {
        return registry;
    }

    public MetricsExposition exposition() {
        return exposition;
    }

    /** The connection counter of {@code protocol}, shared by all its listeners. */
    public ConnectionCounter connections(ProtocolType protocol) {
        return connections.computeIfAbsent(protocol, p -> new ConnectionCounter(registry, p));
    }

    /** The request meters of {@code protocol}; looked up on every dispatch, so a plain map read. */
    RequestMeters requests(ProtocolType protocol) {
        RequestMeters meters = requests.get(protocol);
        return meters != null ? meters : requests.computeIfAbsent(protocol, p -> new RequestMeters(registry, p));
    }
}
