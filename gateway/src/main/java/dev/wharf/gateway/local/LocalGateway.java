package dev.wharf.gateway.local;

import dev.wharf.broker.Broker;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.MetricsExposition;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.spi.TransportRegistry;
import dev.wharf.transport.unified.UnifiedServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Local-mode gateway: the broker core in this process, bound as the in-process endpoint
 * {@value #BROKER_ENDPOINT}, and one server per configured listener whose every command is forwarded to
 * it through the {@link ProtocolType#LOCAL} client. For Remoting clients each listener is NameServer and
 * broker at once.
 *
 * <pre>{@code
 * try (LocalGateway gateway = LocalGateway.start(GatewayConfig.defaults())) {
 *     gateway.listeners().forEach(l -> System.out.println("Wharf listening: " + l.describe()));
 *     ...
 * }
 * }</pre>
 */
public final class LocalGateway implements AutoCloseable {

    /** The in-process address the broker's processor table is bound at. */
    public static final String BROKER_ENDPOINT = "broker";

    private static final Logger log = LoggerFactory.getLogger(LocalGateway.class);

    /** Forwarding only hands the command to the broker's pools, so it runs on the I/O thread that read it. */
    private static final Executor DIRECT = Runnable::run;

    /** What {@link #close()} releases, last opened first: listeners, client, endpoint, broker, context, metrics. */
    private final Deque<AutoCloseable> opened;
    private final List<BoundListener> listeners;
    private final MetricsExposition metrics;

    private LocalGateway(Deque<AutoCloseable> opened, List<BoundListener> listeners, MetricsExposition metrics) {
        this.opened = opened;
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
    }

    /**
     * Opens the store, starts the broker and binds every listener. On any failure what was already
     * opened is closed again before the exception leaves.
     *
     * @throws ConfigException when a listener names a protocol no transport on the class path provides,
     *     asks for TLS its transport does not serve, or has settings its transport refuses
     */
    public static LocalGateway start(GatewayConfig config) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            PrometheusMetrics metrics = PrometheusMetrics.start();
            opened.push(metrics);
            TransportContext context = EventLoops.sharedContext(config.threads().ioThreadsOrCores(), metrics);
            opened.push(context);
            TransportRegistry transports = TransportRegistry.load(context, LocalGateway.class.getClassLoader());
            List<List<TransportProvider>> providers = providersFor(config.listeners(), transports);

            Broker broker = new Broker(EmbeddedBrokerConfig.from(config, StoreHost.of(config)), context);
            opened.push(broker);
            broker.start();
            context.localEndpoints().bind(BROKER_ENDPOINT, broker.processors());
            opened.push(() -> context.localEndpoints().unbind(BROKER_ENDPOINT));

            RemotingClient brokerClient = transports.createClient(ProtocolType.LOCAL, ClientOptions.defaults());
            opened.push(brokerClient);
            ForwardingProcessor forwarder =
                    new ForwardingProcessor(brokerClient, BROKER_ENDPOINT, ForwardingProcessor.DEFAULT_TIMEOUT);

            List<BoundListener> bound = new ArrayList<>();
            for (int i = 0; i < providers.size(); i++) {
                ListenerConfig listener = config.listeners().get(i);
                bound.add(listen(providers.get(i), listener, ListenerOptions.of(listener, config.broker()),
                        "listeners[" + i + "]", context, forwarder, opened));
            }
            log.info("Local-mode gateway started: broker {} on {} I/O threads ({}), data in {}",
                    config.broker().brokerName(), config.threads().ioThreadsOrCores(), EventLoops.transportName(),
                    config.store().path().toAbsolutePath().normalize());
            return new LocalGateway(opened, bound, metrics.exposition());
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** The listeners accepting connections, in configuration order. */
    public List<BoundListener> listeners() {
        return listeners;
    }

    /** The gateway's metrics as Prometheus text: each protocol's connections and requests, the JVM, the process. */
    public MetricsExposition metrics() {
        return metrics;
    }

    /**
     * Stops accepting, closes the broker (which flushes the store), stops the I/O threads, then closes the
     * metrics registry. Idempotent.
     */
    @Override
    public void close() {
        synchronized (opened) {
            if (!opened.isEmpty()) {
                closeAll(opened);
                log.info("gateway stopped");
            }
        }
    }

    private static BoundListener listen(
            List<TransportProvider> providers,
            ListenerConfig listener,
            Map<String, String> options,
            String path,
            TransportContext context,
            ForwardingProcessor forwarder,
            Deque<AutoCloseable> opened) {
        RemotingServer server;
        ServerConfig config = new ServerConfig(listener.host(), listener.port(), options);
        try {
            server = listener.unified() ? unifiedServer(providers, config, path, context) : providers.get(0)
                    .newServer(context, config);
        } catch (IllegalArgumentException e) {
            // The transport names the option and, for files, the file: "tls.certPath /etc/x.crt: no such file".
            throw new ConfigException(path, e.getMessage());
        }
        server.registerDefaultProcessor(forwarder, DIRECT);
        server.start();
        opened.push(server::shutdown);
        BoundListener bound = new BoundListener(
                listener.name(), listener.protocolNames(), listener.host(), server.localAddress().getPort());
        log.info("listener {} serving {}", bound.name(), bound.describe());
        return bound;
    }

    /** One port for every protocol of the listener, each taking the connections its detector recognises. */
    private static RemotingServer unifiedServer(List<TransportProvider> providers, ServerConfig config, String path,
            TransportContext context) {
        ServerConfig protocolConfig = UnifiedServer.protocolConfig(config);
        List<ChannelAdopter> adopters = providers.stream()
                .map(provider -> provider.newAdopter(context, protocolConfig).orElseThrow(() -> new ConfigException(
                        path + ".protocols", "the " + provider.protocol() + " transport cannot share a port or read "
                                + "PROXY protocol headers; give it a listener of its own")))
                .toList();
        return new UnifiedServer(context, config, adopters);
    }

    /** The providers of each listener's protocols, checked before anything is opened. */
    private static List<List<TransportProvider>> providersFor(
            List<ListenerConfig> listeners, TransportRegistry transports) {
        List<List<TransportProvider>> providers = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            String path = "listeners[" + i + "].protocols";
            ListenerConfig listener = listeners.get(i);
            List<TransportProvider> served = new ArrayList<>();
            for (ProtocolType protocol : listener.protocols()) {
                TransportProvider provider = transports.provider(protocol)
                        .filter(found -> !ProtocolType.LOCAL.equals(found.protocol()))
                        .orElseThrow(() -> new ConfigException(path, "no transport on the class path serves '"
                                + protocol + "'; available: " + listenable(transports)));
                if (!listener.unified() && listener.tls().isPresent() && !provider.servesTls()) {
                    throw new ConfigException("listeners[" + i + "].tls", "the " + protocol
                            + " transport does not serve TLS; remove this section");
                }
                served.add(provider);
            }
            providers.add(served);
        }
        return providers;
    }

    private static String listenable(TransportRegistry transports) {
        return transports.providers().stream()
                .map(TransportProvider::protocol)
                .filter(protocol -> !ProtocolType.LOCAL.equals(protocol))
                .map(ProtocolType::name)
                .sorted()
                .collect(Collectors.joining(", "));
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed", resource, e);
            }
        }
    }
}
