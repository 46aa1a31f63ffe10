package dev.wharf.gateway.config;

import dev.wharf.broker.pop.PopConfig;
import dev.wharf.broker.timer.TimerConfig;
import dev.wharf.broker.transaction.TransactionConfig;
import dev.wharf.store.FlushPolicy;
import dev.wharf.transport.tls.TlsOptions;
import dev.wharf.transport.spi.PeerAddress;
import dev.wharf.transport.spi.ProtocolType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Binds a YAML document to a {@link GatewayConfig}, strictly: an unknown key fails with its full path
 * and the keys that would be understood there, a bad value with its path and what is allowed, and any
 * key left out takes its default ({@link GatewayConfig#defaults()}).
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfigReader.read(Path.of("conf/gateway.yaml"));
 * GatewayConfig fromText = GatewayConfigReader.parse("store:\n  flush: sync\n");
 * }</pre>
 */
public final class GatewayConfigReader {

    private GatewayConfigReader() {}

    /**
     * @throws ConfigException when the file cannot be read, is not YAML, or does not bind
     */
    public static GatewayConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "no configuration file at " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ConfigException("", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return parse(text);
    }

    /**
     * @throws ConfigException when {@code yaml} is not a YAML mapping or does not bind
     */
    public static GatewayConfig parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new ConfigException("", "not valid YAML: " + e.getMessage());
        }
        if (document == null) {
            return bind(Map.of());
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("", "the configuration must be a YAML mapping of keys to values");
        }
        return bind(map);
    }

    private static GatewayConfig bind(Map<?, ?> document) {
        ConfigNode root = ConfigNode.root(document);
        GatewayConfig defaults = GatewayConfig.defaults();
        Mode mode = mode(root);
        List<ListenerConfig> listeners = root.sections("listeners").map(GatewayConfigReader::listeners)
                .orElse(defaults.listeners());
        GatewayConfig config = new GatewayConfig(
                mode,
                listeners,
                store(root.section("store"), defaults.store()),
                broker(root.section("broker"), defaults.broker()),
                threads(root.section("threads"), defaults.threads()),
                plugins(root.section("plugins")),
                cluster(root.section("cluster"), mode));
        root.rejectUnknownKeys();
        if (config.cluster().register() && config.broker().advertisedAddress().isEmpty()
                && !listeners.get(0).protocols().contains(ProtocolType.REMOTING)) {
            throw new ConfigException("listeners[0].protocols", "must include remoting when cluster.register is "
                    + "true and broker.advertisedAddress is not set: the broker registers the address of the first "
                    + "listener, where RocketMQ clients and Proxies reach it over Remoting");
        }
        return config;
    }

    private static Mode mode(ConfigNode root) {
        String mode = root.string("mode", "local").trim();
        return switch (mode) {
            case "local" -> Mode.LOCAL;
            case "cluster" -> Mode.CLUSTER;
            default -> throw root.invalid("mode", "must be local or cluster", mode);
        };
    }

    /**
     * The {@code cluster} section: NameServers are required in cluster mode; in local mode they are where the
     * embedded broker registers, so they come with {@code register: true} and nothing reads them without; a
     * route is refreshed before it expires.
     */
    private static ClusterSettings cluster(ConfigNode node, Mode mode) {
        ClusterSettings defaults = ClusterSettings.defaults();
        List<String> nameServers = node.strings("nameServers", List.of());
        boolean register = node.bool("register", defaults.register());
        ClusterSettings cluster = new ClusterSettings(
                nameServers,
                node.duration("routeRefresh", defaults.routeRefresh()),
                node.duration("routeExpiry", defaults.routeExpiry()),
                node.duration("brokerTimeout", defaults.brokerTimeout()),
                node.integer("maxClientChannels", defaults.maxClientChannels(), 1, 1_000_000),
                register,
                node.duration("registerInterval", defaults.registerInterval()),
                node.choice("otherBrokers", OtherBrokers.class, defaults.otherBrokers()));
        node.rejectUnknownKeys();
        if (mode == Mode.LOCAL && !nameServers.isEmpty() && !register) {
            throw new ConfigException(node.pathOf("nameServers"), "is only read in local mode to register the "
                    + "embedded broker; add register: true, set mode: cluster, or remove it");
        }
        if (mode == Mode.LOCAL && register && nameServers.isEmpty()) {
            throw new ConfigException(node.pathOf("nameServers"),
                    "is required with register: true: the host:port of each NameServer to register with");
        }
        if (mode == Mode.CLUSTER && register) {
            throw new ConfigException(node.pathOf("register"), "is only read in local mode: a cluster-mode gateway "
                    + "has no broker of its own to register; remove it, or set mode: local");
        }
        if (node.optionalString("otherBrokers").isPresent() && !register) {
            throw new ConfigException(node.pathOf("otherBrokers"), "is only read in local mode with register: true, "
                    + "where the node is one broker of a cluster; add register: true or remove it");
        }
        if (mode == Mode.CLUSTER && nameServers.isEmpty()) {
            throw new ConfigException(node.pathOf("nameServers"),
                    "is required in cluster mode: the host:port of at least one NameServer");
        }
        if (cluster.registerInterval().isZero() || cluster.registerInterval().compareTo(ClusterSettings.MAX_REGISTER_INTERVAL) > 0) {
            throw new ConfigException(node.pathOf("registerInterval"), "must be above 0 and at most "
                    + ClusterSettings.MAX_REGISTER_INTERVAL.toSeconds() + "s, or NameServers would drop the broker between two "
                    + "registrations; got " + cluster.registerInterval().toMillis() + "ms");
        }
        for (int i = 0; i < nameServers.size(); i++) {
            String path = node.pathOf("nameServers") + "[" + i + "]";
            PeerAddress address;
            try {
                address = PeerAddress.parse(nameServers.get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path, e.getMessage());
            }
            if (!address.negotiates()) {
                throw new ConfigException(path, "must be host:port without a scheme: the gateway negotiates the "
                        + "protocol with each NameServer and broker; got '" + nameServers.get(i) + "'");
            }
        }
        if (cluster.routeExpiry().compareTo(cluster.routeRefresh()) <= 0) {
            throw new ConfigException(node.pathOf("routeExpiry"),
                    "must be longer than routeRefresh, or routes would expire before they are refreshed");
        }
        return cluster;
    }

    private static List<ListenerConfig> listeners(List<ConfigNode> nodes) {
        if (nodes.isEmpty()) {
            throw new ConfigException("listeners", "needs at least one listener");
        }
        List<ListenerConfig> listeners = new ArrayList<>();
        Map<String, String> pathByName = new HashMap<>();
        Map<String, String> pathByAddress = new HashMap<>();
        for (ConfigNode node : nodes) {
            ListenerConfig listener = listener(node, ListenerConfig.defaults());
            String clash = pathByName.putIfAbsent(listener.name(), node.pathOf("name"));
            if (clash != null) {
                throw node.invalid("name", "is already the name of " + clash
                        + "; give each listener its own name", listener.name());
            }
            String address = listener.host() + ":" + listener.port();
            clash = listener.port() <= 0 ? null : pathByAddress.putIfAbsent(address, node.pathOf("port"));
            if (clash != null) {
                throw node.invalid("port", "is already taken by " + clash + " on " + listener.host(), listener.port());
            }
            listeners.add(listener);
        }
        return listeners;
    }

    private static ListenerConfig listener(ConfigNode node, ListenerConfig defaults) {
        List<ProtocolType> protocols = node.strings("protocols", names(defaults.protocols())).stream()
                .map(ProtocolType::of)
                .toList();
        ListenerConfig listener = new ListenerConfig(
                nonBlank(node, "name", node.string("name", ListenerConfig.joinedNames(protocols))),
                nonBlank(node, "host", node.string("host", defaults.host())),
                node.integer("port", ListenerConfig.PROTOCOL_DEFAULT_PORT, 0, 65_535),
                protocols,
                node.optionalSection("tls").map(GatewayConfigReader::tls),
                transportOptions(node),
                node.bool("proxyProtocol", false));
        node.rejectUnknownKeys();
        return listener;
    }

    /** A listener's {@code options}: the transport's own; TLS and the broker's limits have sections of their own. */
    private static Map<String, String> transportOptions(ConfigNode node) {
        Map<String, String> options = node.textMap("options");
        for (String name : options.keySet()) {
            if (name.startsWith("tls.")) {
                throw new ConfigException(node.pathOf("options") + "." + name, "set TLS in the listener's tls section");
            }
            if (ListenerConfig.BROKER_OPTIONS.contains(name)) {
                throw new ConfigException(node.pathOf("options") + "." + name,
                        "comes from the broker section for every listener; set it there");
            }
        }
        return options;
    }

    /**
     * A {@code tls} section; a key pair is given whole or not at all, client certificates are checked
     * against a CA bundle, and nothing but the mode is set where TLS is disabled.
     */
    private static TlsSettings tls(ConfigNode node) {
        TlsSettings tls = new TlsSettings(
                node.choice("mode", TlsSettings.Mode.class, TlsSettings.Mode.PERMISSIVE),
                optionalPath(node, "certPath"),
                optionalPath(node, "keyPath"),
                node.optionalString("keyPassword"),
                node.choice("clientAuth", TlsSettings.ClientAuth.class, TlsSettings.ClientAuth.NONE),
                optionalPath(node, "caPath"),
                node.sections("sni").map(GatewayConfigReader::sniCertificates).orElse(List.of()),
                node.duration("reloadInterval", TlsSettings.DEFAULT_RELOAD_INTERVAL),
                node.choice("provider", TlsSettings.Provider.class, TlsSettings.Provider.AUTO));
        node.rejectUnknownKeys();
        if (tls.certPath().isPresent() && tls.keyPath().isEmpty()) {
            throw new ConfigException(node.pathOf("keyPath"), "must be set with certPath");
        }
        if (tls.keyPath().isPresent() && tls.certPath().isEmpty()) {
            throw new ConfigException(node.pathOf("certPath"), "must be set with keyPath");
        }
        if (tls.keyPassword().isPresent() && tls.keyPath().isEmpty()) {
            throw new ConfigException(node.pathOf("keyPassword"), "is set without keyPath");
        }
        boolean asksClients = tls.clientAuth() != TlsSettings.ClientAuth.NONE;
        if (asksClients && tls.caPath().isEmpty()) {
            throw new ConfigException(node.pathOf("caPath"), "must name the CAs that sign client certificates when "
                    + "clientAuth is " + tls.clientAuth().name().toLowerCase(Locale.ROOT));
        }
        if (!asksClients && tls.caPath().isPresent()) {
            throw new ConfigException(node.pathOf("caPath"), "has no use unless clientAuth is optional or require");
        }
        if (tls.mode() == TlsSettings.Mode.DISABLED) {
            String unused = tls.certPath().isPresent() ? "certPath"
                    : asksClients ? "clientAuth"
                    : tls.sni().isEmpty() ? null : "sni";
            if (unused != null) {
                throw new ConfigException(node.pathOf(unused),
                        "has no use with mode disabled; remove it, or choose permissive or enforcing");
            }
        }
        return tls;
    }

    /** The {@code sni} list: one certificate per host name, each name once. */
    private static List<TlsSettings.SniCertificate> sniCertificates(List<ConfigNode> nodes) {
        List<TlsSettings.SniCertificate> certificates = new ArrayList<>();
        Map<String, String> pathByHost = new HashMap<>();
        for (ConfigNode node : nodes) {
            String host = nonBlank(node, "host", node.string("host", ""));
            if (!TlsOptions.isSniHost(host)) {
                throw node.invalid("host", "must be a lower-case host name such as api.example.com, or *.example.com "
                        + "for any one label under it", host);
            }
            String clash = pathByHost.putIfAbsent(host, node.pathOf("host"));
            if (clash != null) {
                throw node.invalid("host", "is already the host of " + clash, host);
            }
            TlsSettings.SniCertificate certificate = new TlsSettings.SniCertificate(host,
                    optionalPath(node, "certPath").orElseThrow(() -> new ConfigException(node.pathOf("certPath"),
                            "is required: the PEM certificate chain served for " + host)),
                    optionalPath(node, "keyPath").orElseThrow(() -> new ConfigException(node.pathOf("keyPath"),
                            "is required: the PKCS#8 PEM key of the certificate served for " + host)),
                    node.optionalString("keyPassword"));
            node.rejectUnknownKeys();
            certificates.add(certificate);
        }
        return certificates;
    }

    private static StoreSettings store(ConfigNode node, StoreSettings defaults) {
        StoreSettings store = new StoreSettings(
                path(node, "path", defaults.path()),
                node.choice("flush", FlushPolicy.class, defaults.flush()),
                node.duration("flushInterval", defaults.flushInterval()),
                node.size("segmentSize", defaults.segmentSize(),
                        StoreSettings.MIN_SEGMENT_SIZE, StoreSettings.MAX_SEGMENT_SIZE));
        node.rejectUnknownKeys();
        return store;
    }

    private static BrokerSettings broker(ConfigNode node, BrokerSettings defaults) {
        BrokerSettings broker = new BrokerSettings(
                nonBlank(node, "brokerName", node.string("brokerName", defaults.brokerName())),
                nonBlank(node, "clusterName", node.string("clusterName", defaults.clusterName())),
                advertisedAddress(node),
                node.bool("autoCreateTopics", defaults.autoCreateTopics()),
                node.integer("defaultQueueNums", defaults.defaultQueueNums(), 1, 1024),
                (int) node.size("maxMessageSize", defaults.maxMessageSize(), 1, BrokerSettings.MAX_MESSAGE_SIZE_LIMIT),
                node.durations("delayLevels", defaults.delayLevels()),
                node.integer("maxReconsumeTimes", defaults.maxReconsumeTimes(), 0, 1000),
                node.bool("topicMessageTypeCheck", defaults.topicMessageTypeCheck()),
                pop(node.section("pop"), defaults.pop()),
                timer(node.section("timer"), defaults.timer()),
                transactions(node.section("transactions"), defaults.transactions()));
        node.rejectUnknownKeys();
        return broker;
    }

    private static PopConfig pop(ConfigNode node, PopConfig defaults) {
        PopConfig pop = new PopConfig(
                node.duration("reviveInterval", defaults.reviveInterval()),
                node.durations("reviveReadBackoff", defaults.reviveReadBackoff()));
        node.rejectUnknownKeys();
        return pop;
    }

    private static TimerConfig timer(ConfigNode node, TimerConfig defaults) {
        TimerConfig timer = new TimerConfig(node.duration("maxDelay", defaults.maxDelay()));
        node.rejectUnknownKeys();
        return timer;
    }

    private static TransactionConfig transactions(ConfigNode node, TransactionConfig defaults) {
        TransactionConfig transactions = new TransactionConfig(
                node.duration("checkInterval", defaults.checkInterval()),
                node.duration("timeout", defaults.timeout()),
                node.integer("maxChecks", defaults.maxChecks(), 1, 1000),
                node.choice("onMaxChecks", TransactionConfig.Resolution.class, defaults.onMaxChecks()));
        node.rejectUnknownKeys();
        return transactions;
    }

    private static ThreadSettings threads(ConfigNode node, ThreadSettings defaults) {
        ThreadSettings threads = new ThreadSettings(
                node.integer("io", defaults.io(), 0, 1024),
                node.integer("send", defaults.send(), 1, 1024),
                node.integer("pull", defaults.pull(), 1, 1024),
                node.integer("ack", defaults.ack(), 1, 1024),
                node.integer("client", defaults.client(), 1, 1024),
                node.integer("admin", defaults.admin(), 1, 1024),
                node.integer("queueCapacity", defaults.queueCapacity(), 1, 1_000_000));
        node.rejectUnknownKeys();
        return threads;
    }

    private static PluginSettings plugins(ConfigNode node) {
        PluginSettings plugins = new PluginSettings(path(node, "path", PluginSettings.DEFAULT_PATH));
        node.rejectUnknownKeys();
        return plugins;
    }

    private static Optional<String> advertisedAddress(ConfigNode node) {
        Optional<String> address = node.optionalString("advertisedAddress");
        address.ifPresent(text -> {
            int colon = text.lastIndexOf(':');
            String port = colon < 0 ? "" : text.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                throw node.invalid("advertisedAddress", "must be host:port with a port from 1 to 65535", text);
            }
        });
        return address;
    }

    private static Path path(ConfigNode node, String key, Path defaultValue) {
        return asPath(node, key, nonBlank(node, key, node.string(key, defaultValue.toString())));
    }

    /** A path that may be left out or empty. */
    private static Optional<Path> optionalPath(ConfigNode node, String key) {
        return node.optionalString(key).map(text -> asPath(node, key, text));
    }

    private static Path asPath(ConfigNode node, String key, String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw node.invalid(key, "must be a file system path (" + e.getReason() + ")", text);
        }
    }

    private static String nonBlank(ConfigNode node, String key, String value) {
        if (value.isBlank()) {
            throw node.invalid(key, "must not be blank", value);
        }
        return value.trim();
    }

    private static List<String> names(List<ProtocolType> protocols) {
        return protocols.stream().map(ProtocolType::name).toList();
    }
}
