package dev.wharf.gateway.local;

import dev.wharf.broker.Broker;
import dev.wharf.gateway.cluster.ClusterRequests;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.gateway.config.Mode;
import dev.wharf.gateway.plugins.Plugin;
import dev.wharf.gateway.plugins.PluginFolder;
import dev.wharf.gateway.registration.BrokerRegistration;
import dev.wharf.gateway.registration.RegistrationRequests;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.MetricsExposition;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.spi.TransportRegistry;
import dev.wharf.transport.unified.DetectorClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway. In Local mode: the broker core in this process, bound as the in-process endpoint
 * {@value #BROKER_ENDPOINT}, and one server per configured listener whose every command is forwarded to
 * it through the {@link ProtocolType#LOCAL} client. In Cluster mode the one difference is what the listeners
 * forward with: {@link ClusterRequests}, toward the brokers of a RocketMQ cluster. A Local-mode node registered
 * with NameServers forwards with {@link ClusterRequests} too (unless {@code cluster.otherBrokers: omit}), over a
 * {@link ClusterNodeClient} that keeps commands for its own broker in-process. For Remoting clients each
 * listener is NameServer and broker at once. Transports come from the class path and from the plugin folder
 * ({@link PluginFolder}).
 *
 * <p>Listeners change at run time ({@link #reload(GatewayConfig)}): on a change of the configuration file
 * the gateway was started with, and on the admin request {@link #RELOAD_LISTENERS}; the plugin folder is
 * looked at again each time, so a plugin jar dropped in can be enabled the same way.
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

    /**
     * The admin request code of {@code wharf listeners reload}, served on every listener: re-read the
     * configuration file and apply its listener changes. Wharf's own, next to the negotiation handshake's.
     */
    public static final int RELOAD_LISTENERS = 25_001;

    private static final Logger log = LoggerFactory.getLogger(LocalGateway.class);

    /** Forwarding only hands the command to the broker's pools, so it runs on the I/O thread that read it. */
    private static final Executor DIRECT = Runnable::run;

    /** What {@link #close()} releases, last opened first: reloads, listeners, client, broker, plugins, context. */
    private final Deque<AutoCloseable> opened;
    private final TransportContext context;
    private final MetricsExposition metrics;
    private final List<TransportProvider> builtIns;
    private final List<Plugin> plugins;
    private final Optional<Path> configFile;
    private final ListenerSet listeners;
    private final ScheduledExecutorService reloads;
    private GatewayConfig running;

    private LocalGateway(Deque<AutoCloseable> opened, TransportContext context, MetricsExposition metrics,
            List<TransportProvider> builtIns, List<Plugin> plugins, Optional<Path> configFile,
            RequestProcessor forwarder, GatewayConfig running) {
        this.opened = opened;
        this.context = context;
        this.metrics = metrics;
        this.builtIns = builtIns;
        this.plugins = plugins;
        this.configFile = configFile;
        this.running = running;
        ScheduledThreadPoolExecutor reloadThread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "wharf-reload");
            thread.setDaemon(true);
            return thread;
        });
        reloadThread.setRemoveOnCancelPolicy(true);
        this.reloads = reloadThread;
        ReloadListenersProcessor reloadProcessor = new ReloadListenersProcessor(this::reloadConfigFile, reloads);
        this.listeners = new ListenerSet(context, running.broker(), server -> {
            server.registerDefaultProcessor(forwarder, DIRECT);
            server.registerProcessor(RELOAD_LISTENERS, reloadProcessor, DIRECT);
        });
        opened.push(listeners);
        opened.push(reloads::shutdownNow);
    }

    /** Starts a gateway that does not change at run time but through {@link #reload(GatewayConfig)}. */
    public static LocalGateway start(GatewayConfig config) {
        return start(config, Optional.empty());
    }

    /**
     * Opens the store, starts the broker and binds every listener. With a {@code configFile} (the one
     * {@code config} was read from), a change of the file reloads the listeners. On any failure what was
     * already opened is closed again before the exception leaves.
     *
     * @throws ConfigException when a plugin cannot be loaded, two transports claim one protocol, a listener
     *     names a protocol no transport provides, asks for TLS its transport does not serve, has options its
     *     protocols do not declare or settings its transport refuses
     * @throws IllegalStateException when a listener cannot start: its port is taken, its transport throws
     */
    public static LocalGateway start(GatewayConfig config, Optional<Path> configFile) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            PrometheusMetrics metrics = PrometheusMetrics.start();
            opened.push(metrics);
            TransportContext context = EventLoops.sharedContext(config.threads().ioThreadsOrCores(), metrics);
            opened.push(context);
            ClassLoader loader = LocalGateway.class.getClassLoader();
            List<TransportProvider> builtIns = ServiceLoader.load(TransportProvider.class, loader).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();
            // Grows with the plugins later reloads load; their loaders close after everything that may use them.
            List<Plugin> plugins = new ArrayList<>(PluginFolder.of(config.plugins().path()).load(List.of(), loader));
            opened.push(() -> plugins.forEach(LocalGateway::closeQuietly));
            TransportRegistry transports = registry(context, builtIns, plugins);
            GatewayConfig resolved = config.withListeners(ListenerSet.withPorts(config.listeners(), transports));

            Optional<Broker> broker = config.mode() == Mode.LOCAL
                    ? Optional.of(localBroker(resolved, context, opened))
                    : Optional.empty();
            Forwarding forwarding = broker.isPresent()
                    ? localForwarding(config, transports, opened)
                    : new Forwarding(clusterBrokers(resolved, transports, opened), Optional.empty());

            LocalGateway gateway = new LocalGateway(opened, context, metrics.exposition(), builtIns, plugins,
                    configFile, forwarding.processor(), config);
            gateway.listeners.apply(config.listeners(), transports, planned -> { }, true);
            // Registered once clients can connect; unregistered first when closing, before the listeners stop.
            if (config.cluster().register()) {
                String registered = StoreHost.registeredAddress(config, gateway.listeners().get(0));
                forwarding.clusterNode().ifPresent(client -> client.ownBrokerAt(registered));
                broker.ifPresent(started -> registerBroker(
                        config, started, registered, transports, metrics.registry(), opened));
            }
            configFile.ifPresent(file -> opened.push(
                    ConfigFileWatcher.start(file, gateway.reloads, gateway::reloadAfterFileChange)));
            if (config.mode() == Mode.CLUSTER) {
                log.info("Cluster-mode gateway started: NameServers {} on {} I/O threads ({})",
                        config.cluster().nameServers(), config.threads().ioThreadsOrCores(), EventLoops.transportName());
            } else {
                log.info("Local-mode gateway started: broker {} on {} I/O threads ({}), data in {}",
                        config.broker().brokerName(), config.threads().ioThreadsOrCores(), EventLoops.transportName(),
                        config.store().path().toAbsolutePath().normalize());
            }
            return gateway;
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Local mode: opens the store, starts the broker and binds it as {@value #BROKER_ENDPOINT}. */
    private static Broker localBroker(GatewayConfig config, TransportContext context, Deque<AutoCloseable> opened) {
        Broker broker = new Broker(EmbeddedBrokerConfig.from(config, StoreHost.of(config)), context);
        opened.push(broker);
        broker.start();
        context.localEndpoints().bind(BROKER_ENDPOINT, broker.processors());
        opened.push(() -> context.localEndpoints().unbind(BROKER_ENDPOINT));
        return broker;
    }

    /**
     * What the listeners forward with, and in Local mode with {@code otherBrokers: forward} the client that learns
     * the address the broker registers.
     */
    private record Forwarding(RequestProcessor processor, Optional<ClusterNodeClient> clusterNode) {}

    /**
     * Local mode: every command to the broker bound as {@value #BROKER_ENDPOINT}, in-process. With
     * {@code cluster.register} and {@code otherBrokers: forward}, the node serves the whole cluster as Cluster mode
     * does, over a client that reaches its own broker in-process, and what other nodes forward here goes to its
     * broker.
     */
    private static Forwarding localForwarding(
            GatewayConfig config, TransportRegistry transports, Deque<AutoCloseable> opened) {
        RemotingClient local = transports.createClient(ProtocolType.LOCAL, ClientOptions.defaults());
        opened.push(local);
        RequestProcessor ownBroker =
                new ForwardingProcessor(local, BROKER_ENDPOINT, ForwardingProcessor.DEFAULT_TIMEOUT);
        if (!config.cluster().forwardsToOtherBrokers()) {
            return new Forwarding(ownBroker, Optional.empty());
        }
        // A channel per client connection, as in Cluster mode: other brokers know and call back each client.
        RemotingClient network = transports.createClient(ProtocolType.AUTO,
                ClientOptions.defaults().withChannelPerOrigin(config.cluster().maxClientChannels()));
        opened.push(network);
        ClusterNodeClient node = new ClusterNodeClient(local, BROKER_ENDPOINT, network, config.broker().brokerName());
        return new Forwarding(new ClusterNodeRequests(ownBroker, ClusterRequests.create(node, config.cluster())),
                Optional.of(node));
    }

    /**
     * Local mode with {@code cluster.register}: registers the broker with the NameServers, as reachable at
     * {@code address} (the first listener's or the advertised one), over plain Remoting, which every NameServer
     * speaks; again at each topic change.
     */
    private static void registerBroker(GatewayConfig config, Broker broker, String address,
            TransportRegistry transports, MeterRegistry meters, Deque<AutoCloseable> opened) {
        RemotingClient nameServerClient = transports.createClient(ProtocolType.REMOTING, ClientOptions.defaults());
        opened.push(nameServerClient);
        RegistrationRequests requests = new RegistrationRequests(config.broker().clusterName(),
                config.broker().brokerName(), address);
        BrokerRegistration registration = BrokerRegistration.start(nameServerClient, config.cluster().nameServers(),
                requests, broker.topics()::toJson, config.cluster().registerInterval(), meters);
        broker.topics().addChangeListener(registration::topicsChanged);
        opened.push(registration);
    }

    /**
     * Cluster mode: no store, no broker; routes from the NameServers and commands to the brokers over the
     * Remoting client with {@link ProtocolType#AUTO}, which negotiates with Wharf brokers and falls back to
     * plain Remoting with Apache RocketMQ's. Each client connection's commands go over broker connections of its
     * own, so that brokers tell the gateway's clients apart and reach each (check-backs) through it.
     */
    private static RequestProcessor clusterBrokers(
            GatewayConfig config, TransportRegistry transports, Deque<AutoCloseable> opened) {
        RemotingClient brokerClient = transports.createClient(ProtocolType.AUTO,
                ClientOptions.defaults().withChannelPerOrigin(config.cluster().maxClientChannels()));
        opened.push(brokerClient);
        return ClusterRequests.create(brokerClient, config.cluster());
    }

    /** The listeners accepting connections, in configuration order. */
    public List<BoundListener> listeners() {
        return listeners.bound();
    }

    /** The gateway's metrics as Prometheus text: each protocol's connections and requests, the JVM, the process. */
    public MetricsExposition metrics() {
        return metrics;
    }

    /**
     * Makes the listeners those of {@code config}, loading the plugins that appeared in the plugin folder
     * since: added listeners are bound, removed ones stop accepting and close their connections once the
     * requests they read are answered (at most {@link ListenerSet#DRAIN_TIMEOUT}), changed ones are replaced,
     * unchanged ones and their connections are left alone. Other sections that differ are reported in
     * {@link ListenerChanges#needsRestart()} and ignored.
     *
     * @throws ConfigException when {@code config}'s listeners or the new plugins cannot be used; then nothing
     *     changed
     */
    public ListenerChanges reload(GatewayConfig config) {
        return reload(config, planned -> { });
    }

    private synchronized ListenerChanges reload(GatewayConfig config, Consumer<ListenerChanges> planned) {
        List<String> needsRestart = sectionsNeedingRestart(running, config);
        List<Plugin> added = PluginFolder.of(running.plugins().path()).load(plugins, LocalGateway.class.getClassLoader());
        try {
            List<Plugin> all = new ArrayList<>(plugins);
            all.addAll(added);
            TransportRegistry transports = registry(context, builtIns, all);
            List<String> newPlugins = added.stream().map(plugin -> plugin.source().toString()).toList();
            ListenerChanges changes = listeners.apply(config.listeners(), transports,
                    listenerChanges -> planned.accept(listenerChanges.withNotes(needsRestart, newPlugins)), false)
                    .withNotes(needsRestart, newPlugins);
            plugins.addAll(added);
            running = running.withListeners(config.listeners());
            log.info("listeners reloaded: {}", changes.describe());
            return changes;
        } catch (RuntimeException e) {
            added.forEach(LocalGateway::closeQuietly);
            throw e;
        }
    }

    /** Reloads from the configuration file the gateway was started with. */
    private void reloadConfigFile(Consumer<ListenerChanges> planned) {
        Path file = configFile.orElseThrow(() -> new ConfigException("",
                "the gateway was started without --config, so there is no file to reload"));
        reload(GatewayConfigReader.read(file), planned);
    }

    private void reloadAfterFileChange() {
        try {
            reloadConfigFile(planned -> { });
        } catch (RuntimeException e) {
            log.error("{} changed, but nothing was applied: {}", configFile.orElseThrow(), e.getMessage());
        }
    }

    /**
     * Drains nothing: stops accepting, closes the broker (which flushes the store), stops the I/O threads, then
     * closes the metrics registry. Idempotent.
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

    /** The built-in transports and the plugins', one per protocol name, no two detectors claiming the same bytes. */
    private static TransportRegistry registry(
            TransportContext context, List<TransportProvider> builtIns, List<Plugin> plugins) {
        List<TransportProvider> all = new ArrayList<>(builtIns);
        plugins.forEach(plugin -> all.addAll(plugin.providers()));
        TransportRegistry registry;
        try {
            registry = new TransportRegistry(context, all);
        } catch (IllegalStateException e) {
            throw new ConfigException("plugins.path", e.getMessage());
        }
        Map<String, ProtocolDetector> detectors = new LinkedHashMap<>();
        registry.providers().forEach(provider -> provider.detector().ifPresent(detector -> detectors.put(
                provider.protocol() + " of " + TransportRegistry.origin(provider), detector)));
        try {
            DetectorClaims.check(detectors);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("plugins.path", e.getMessage());
        }
        return registry;
    }

    /** The top-level sections, but listeners, that differ: they take effect only at the next start. */
    private static List<String> sectionsNeedingRestart(GatewayConfig running, GatewayConfig wanted) {
        List<String> sections = new ArrayList<>();
        addIfChanged(sections, "mode", running.mode(), wanted.mode());
        addIfChanged(sections, "store", running.store(), wanted.store());
        addIfChanged(sections, "broker", running.broker(), wanted.broker());
        addIfChanged(sections, "threads", running.threads(), wanted.threads());
        addIfChanged(sections, "plugins", running.plugins(), wanted.plugins());
        addIfChanged(sections, "cluster", running.cluster(), wanted.cluster());
        return sections;
    }

    private static void addIfChanged(List<String> sections, String name, Object running, Object wanted) {
        if (!Objects.equals(running, wanted)) {
            sections.add(name);
        }
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            closeQuietly(opened.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("closing {} failed", resource, e);
        }
    }
}
