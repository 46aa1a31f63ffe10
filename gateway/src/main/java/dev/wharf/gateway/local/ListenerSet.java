package dev.wharf.gateway.local;

import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.spi.TransportRegistry;
import dev.wharf.transport.unified.UnifiedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's listeners by name, and the one way they change: {@link #apply} takes the listeners wanted,
 * checks all of them before touching anything, then drains and closes the removed and changed ones, binds the
 * added and changed ones anew, and leaves the unchanged ones (and their connections) alone. A listener is
 * changed when anything in its configuration differs, or a protocol of it is now served by another provider.
 */
final class ListenerSet implements AutoCloseable {

    /** How long a removed listener's requests in progress have to be answered before its connections close. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ListenerSet.class);

    private final TransportContext context;
    private final BrokerSettings broker;
    /** Registers the gateway's processors on a new server before it starts. */
    private final Consumer<RemotingServer> processors;
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** What {@link #bound()} answers, so that no one waits for a reload's drains to read it. */
    private volatile List<BoundListener> bound = List.of();

    ListenerSet(TransportContext context, BrokerSettings broker, Consumer<RemotingServer> processors) {
        this.context = context;
        this.broker = broker;
        this.processors = processors;
    }

    /** A listener that is serving, with what it was made from. */
    private record Running(ListenerConfig config, List<TransportProvider> providers, RemotingServer server,
            BoundListener bound) {}

    /** A listener to bind: made, not started. */
    private record Prepared(String path, ListenerConfig config, List<TransportProvider> providers,
            RemotingServer server) {}

    /**
     * Makes the running listeners {@code wanted}.
     *
     * @param planned told what will change once every listener checked out, before anything is closed
     * @param atStartUp whether a listener that cannot start (its port taken, its transport throwing) fails the
     *     whole call; at run time it is reported in {@link ListenerChanges#failed()} and the others go on
     * @return what changed
     * @throws IllegalStateException at start-up, when a listener cannot start, naming it and its provider
     * @throws ConfigException when a listener cannot be served (unknown protocol, refused option, TLS file,
     *     a provider failing to make its server); then nothing has changed
     */
    synchronized ListenerChanges apply(
            List<ListenerConfig> wanted, TransportRegistry transports, Consumer<ListenerChanges> planned,
            boolean atStartUp) {
        List<ListenerConfig> listeners = withPorts(wanted, transports);
        List<List<TransportProvider>> providers = providersFor(listeners, transports);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<Prepared> prepared = new ArrayList<>();
        try {
            for (int i = 0; i < listeners.size(); i++) {
                ListenerConfig listener = listeners.get(i);
                Running current = running.get(listener.name());
                if (current != null && current.config().equals(listener) && sameProviders(current, providers.get(i))) {
                    unchanged.add(listener.name());
                    continue;
                }
                (current == null ? added : changed).add(listener.name());
                String path = "listeners[" + i + "]";
                prepared.add(new Prepared(path, listener, providers.get(i), newServer(providers.get(i), listener, path)));
            }
        } catch (RuntimeException e) {
            prepared.forEach(unstarted -> unstarted.server().shutdown());
            throw e;
        }
        List<String> wantedNames = listeners.stream().map(ListenerConfig::name).toList();
        List<String> removed = running.keySet().stream().filter(name -> !wantedNames.contains(name)).toList();
        ListenerChanges changes = ListenerChanges.of(added, removed, changed, unchanged);
        planned.accept(changes);

        drain(concat(removed, changed));
        publish();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Prepared listener : prepared) {
            try {
                start(listener);
            } catch (RuntimeException e) {
                if (atStartUp) {
                    prepared.forEach(unstarted -> unstarted.server().shutdown());
                    throw e;
                }
                failures.put(listener.config().name(), e.getMessage());
                log.error("listener {} could not start", listener.config().name(), e);
            }
        }
        reorder(wantedNames);
        publish();
        return failures.isEmpty() ? changes : changes.withFailure(failures);
    }

    /** The listeners accepting connections, in configuration order; during a reload, those of its last step. */
    List<BoundListener> bound() {
        return bound;
    }

    /** Closes every listener at once. */
    @Override
    public synchronized void close() {
        List<Running> all = new ArrayList<>(running.values());
        running.clear();
        publish();
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).server().shutdown();
        }
    }

    /** Drains the named listeners in parallel, each for at most {@link #DRAIN_TIMEOUT}, and forgets them. */
    private void drain(List<String> names) {
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (String name : names) {
            Running listener = running.remove(name);
            log.info("listener {} stops accepting; closing its connections once their requests are answered", name);
            drained.add(CompletableFuture.runAsync(() -> listener.server().shutdownGracefully(DRAIN_TIMEOUT)));
        }
        CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).join();
    }

    private void start(Prepared listener) {
        RemotingServer server = listener.server();
        processors.accept(server);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException(listener.path() + ": cannot start " + origins(listener.providers()) + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        ListenerConfig config = listener.config();
        BoundListener bound = new BoundListener(
                config.name(), config.protocolNames(), config.host(), server.localAddress().getPort());
        running.put(config.name(), new Running(config, listener.providers(), server, bound));
        log.info("listener {} serving {}", bound.name(), bound.describe());
    }

    private RemotingServer newServer(List<TransportProvider> providers, ListenerConfig listener, String path) {
        ServerConfig config = new ServerConfig(listener.host(), listener.port(), ListenerOptions.of(listener, broker));
        try {
            return listener.unified()
                    ? unifiedServer(providers, config, path)
                    : providers.get(0).newServer(context, config);
        } catch (IllegalArgumentException e) {
            // The transport names the option and, for files, the file: "tls.certPath /etc/x.crt: no such file".
            throw new ConfigException(path, e.getMessage());
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException(path, "cannot make a server of " + origins(providers) + ": " + e);
        }
    }

    /** One port for every protocol of the listener, each taking the connections its detector recognises. */
    private RemotingServer unifiedServer(List<TransportProvider> providers, ServerConfig config, String path) {
        ServerConfig protocolConfig = UnifiedServer.protocolConfig(config);
        List<ChannelAdopter> adopters = providers.stream()
                .map(provider -> provider.newAdopter(context, protocolConfig).orElseThrow(() -> new ConfigException(
                        path + ".protocols", "the " + provider.protocol() + " transport cannot share a port or read "
                                + "PROXY protocol headers; give it a listener of its own")))
                .toList();
        return new UnifiedServer(context, config, adopters);
    }

    /** The listeners, those without a port given the default port of their first protocol. */
    static List<ListenerConfig> withPorts(List<ListenerConfig> listeners, TransportRegistry transports) {
        return listeners.stream().map(listener -> listener.port() != ListenerConfig.PROTOCOL_DEFAULT_PORT ? listener
                : new ListenerConfig(listener.name(), listener.host(),
                        transports.provider(listener.protocols().get(0))
                                .map(provider -> provider.defaultPort().orElse(ListenerConfig.DEFAULT_REMOTING_PORT))
                                .orElse(ListenerConfig.DEFAULT_REMOTING_PORT),
                        listener.protocols(), listener.tls(), listener.options(), listener.proxyProtocol()))
                .toList();
    }

    /** The providers of each listener's protocols, and its options checked against them. */
    private static List<List<TransportProvider>> providersFor(
            List<ListenerConfig> listeners, TransportRegistry transports) {
        List<List<TransportProvider>> providers = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            String path = "listeners[" + i + "]";
            ListenerConfig listener = listeners.get(i);
            List<TransportProvider> served = new ArrayList<>();
            for (ProtocolType protocol : listener.protocols()) {
                TransportProvider provider = transports.provider(protocol)
                        .filter(found -> !ProtocolType.LOCAL.equals(found.protocol()))
                        .orElseThrow(() -> new ConfigException(path + ".protocols", "no transport on the class path "
                                + "or in the plugin folder serves '" + protocol + "'; available: " + listenable(transports)));
                if (!listener.unified() && listener.tls().isPresent() && !provider.servesTls()) {
                    throw new ConfigException(path + ".tls", "the " + protocol
                            + " transport does not serve TLS; remove this section");
                }
                served.add(provider);
            }
            ListenerSchemas.check(listener, served, path);
            providers.add(served);
        }
        return providers;
    }

    private static boolean sameProviders(Running current, List<TransportProvider> providers) {
        if (current.providers().size() != providers.size()) {
            return false;
        }
        for (int i = 0; i < providers.size(); i++) {
            if (current.providers().get(i) != providers.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void publish() {
        bound = running.values().stream().map(Running::bound).toList();
    }

    private void reorder(List<String> names) {
        Map<String, Running> ordered = new LinkedHashMap<>();
        names.stream().filter(running::containsKey).forEach(name -> ordered.put(name, running.get(name)));
        running.clear();
        running.putAll(ordered);
    }

    private static String origins(List<TransportProvider> providers) {
        return providers.stream().map(TransportRegistry::origin).collect(Collectors.joining(", "));
    }

    private static String listenable(TransportRegistry transports) {
        return transports.providers().stream()
                .map(TransportProvider::protocol)
                .filter(protocol -> !ProtocolType.LOCAL.equals(protocol))
                .map(ProtocolType::name)
                .sorted()
                .collect(Collectors.joining(", "));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
