package dev.wharf.transport.tck;

import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.Mode;
import dev.wharf.gateway.config.StoreSettings;
import dev.wharf.gateway.config.ThreadSettings;
import dev.wharf.gateway.config.TlsSettings;
import dev.wharf.gateway.local.EventLoops;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.messaging.admin.TopicType;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.spi.TransportRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The transport under test in front of a real broker: Wharf's Local-mode gateway ({@link LocalGateway}) with
 * its store in a temporary folder, one listener on 127.0.0.1 and a free port served by the provider, and a
 * second, Remoting, listener the harness itself uses to create topics. The gateway finds the provider the way
 * it finds every transport, through {@code META-INF/services/dev.wharf.transport.spi.TransportProvider}, so a
 * provider that is not registered there fails here, as it would in production.
 *
 * <pre>{@code
 * try (TckGateway gateway = TckGateway.start(new MqttTransportProvider(), Map.of(), false, tempDir)) {
 *     gateway.createTopic("orders");
 *     InetSocketAddress address = gateway.address();   // connect the protocol's client here
 * }
 * }</pre>
 */
public final class TckGateway implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    /** Large enough for the large-body case's message with room to spare. */
    private static final long SEGMENT_SIZE = 16L << 20;

    private final LocalGateway gateway;
    private final TransportContext adminContext;
    private final RemotingClient admin;

    private TckGateway(LocalGateway gateway, TransportContext adminContext, RemotingClient admin) {
        this.gateway = gateway;
        this.adminContext = adminContext;
        this.admin = admin;
    }

    /**
     * Starts a gateway whose first listener the provider serves.
     *
     * @param provider the transport under test; the instance stands for its class, which must be registered
     *     as a service
     * @param options the listener's options, as the {@code options} section of {@code gateway.yaml} gives them
     * @param tls whether the listener serves TLS only ({@code tls.mode: enforcing}, a development certificate)
     * @param dataDir an empty folder for the store
     * @throws IllegalStateException when the provider is not found as a service
     */
    public static TckGateway start(TransportProvider provider, Map<String, String> options, boolean tls, Path dataDir) {
        requireRegistered(provider);
        Optional<TlsSettings> tlsSettings = tls
                ? Optional.of(new TlsSettings(TlsSettings.Mode.ENFORCING, Optional.empty(), Optional.empty(),
                        Optional.empty()))
                : Optional.empty();
        ListenerConfig underTest = new ListenerConfig(
                "tck-" + provider.protocol().name(), "127.0.0.1", 0, List.of(provider.protocol()), tlsSettings, options);
        ListenerConfig control = new ListenerConfig("tck-admin", "127.0.0.1", 0, List.of(ProtocolType.REMOTING));
        StoreSettings store = StoreSettings.defaults();
        GatewayConfig config = new GatewayConfig(Mode.LOCAL, List.of(underTest, control),
                new StoreSettings(dataDir, store.flush(), store.flushInterval(), SEGMENT_SIZE),
                BrokerSettings.defaults(), new ThreadSettings(2, 2, 2, 2, 2, 1, 1_000));
        LocalGateway gateway = LocalGateway.start(config);
        TransportContext adminContext = EventLoops.sharedContext(1);
        try {
            RemotingClient admin = TransportRegistry.load(adminContext, TckGateway.class.getClassLoader())
                    .createClient(ProtocolType.REMOTING, ClientOptions.defaults());
            return new TckGateway(gateway, adminContext, admin);
        } catch (RuntimeException e) {
            adminContext.close();
            gateway.close();
            throw e;
        }
    }

    /** Where the transport under test listens. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", gateway.listeners().get(0).port());
    }

    /** Creates a NORMAL topic of one queue, so its messages keep their publishing order. */
    public void createTopic(String topic) {
        RemotingCommand response = admin.invoke(gateway.listeners().get(1).address(),
                AdminRequests.createTopic(topic, 1, TopicType.NORMAL.name()), ADMIN_TIMEOUT).join();
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + ResponseCode.nameOf(response.code())
                    + " " + response.remark());
        }
    }

    /** Stops the listeners (connections close, open requests fail), the broker and the harness's client. */
    @Override
    public void close() {
        admin.close();
        adminContext.close();
        gateway.close();
    }

    private static void requireRegistered(TransportProvider provider) {
        boolean registered = ServiceLoader.load(TransportProvider.class, TckGateway.class.getClassLoader()).stream()
                .anyMatch(found -> found.type().equals(provider.getClass()));
        if (!registered) {
            throw new IllegalStateException(provider.getClass().getName() + " is not registered in "
                    + "META-INF/services/" + TransportProvider.class.getName() + " on the test class path; the "
                    + "gateway finds transports only there");
        }
    }
}
