package dev.wharf.transport.spi;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The providers found on the class path, by protocol, and the {@link RemotingClientFactory} built on
 * them. Two providers claiming one protocol name stop start-up.
 *
 * <pre>{@code
 * TransportRegistry transports = TransportRegistry.load(context, getClass().getClassLoader());
 * RemotingServer server = transports.provider(ProtocolType.REMOTING).orElseThrow()
 *         .newServer(context, ServerConfig.of("0.0.0.0", 8080));
 * RemotingClient client = transports.createClient(ProtocolType.LOCAL, ClientOptions.defaults());
 * }</pre>
 */
public final class TransportRegistry implements RemotingClientFactory {

    private final TransportContext context;
    private final Map<ProtocolType, TransportProvider> providers;

    public TransportRegistry(TransportContext context, Collection<TransportProvider> found) {
        this.context = context;
        Map<ProtocolType, TransportProvider> byProtocol = new LinkedHashMap<>();
        found.stream()
                .sorted(Comparator.comparingInt(TransportProvider::priority).reversed())
                .forEach(provider -> {
                    TransportProvider previous = byProtocol.putIfAbsent(provider.protocol(), provider);
                    if (previous != null) {
                        throw new IllegalStateException("two transports claim the protocol '" + provider.protocol()
                                + "': " + origin(previous) + " and " + origin(provider));
                    }
                });
        this.providers = Map.copyOf(byProtocol);
    }

    /** The provider's class and the jar or folder it was loaded from: {@code com.example.Mqtt (/opt/wharf/plugins/mqtt.jar)}. */
    public static String origin(TransportProvider provider) {
        Class<?> type = provider.getClass();
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? type.getName()
                : type.getName() + " (" + where(source.getLocation()) + ")";
    }

    private static String where(URL location) {
        try {
            return "file".equals(location.getProtocol()) ? Path.of(location.toURI()).toString() : location.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return location.toString();
        }
    }

    /** Every provider visible to {@code loader}. */
    public static TransportRegistry load(TransportContext context, ClassLoader loader) {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        return new TransportRegistry(context, found);
    }

    public Optional<TransportProvider> provider(ProtocolType protocol) {
        return Optional.ofNullable(providers.get(protocol));
    }

    public Collection<TransportProvider> providers() {
        return providers.values();
    }

    /**
     * {@link ProtocolType#AUTO} is served by the Remoting client, the baseline every RocketMQ peer speaks,
     * with {@link ClientOptions#negotiation() negotiation} on: toward an address without a scheme it
     * handshakes for the best wire format both ends speak, and falls back to plain Remoting when the peer
     * does not understand. Any other protocol gets its own provider's client, with the options as given.
     */
    @Override
    public RemotingClient createClient(ProtocolType protocol, ClientOptions options) {
        boolean auto = ProtocolType.AUTO.equals(protocol);
        ProtocolType wanted = auto ? ProtocolType.REMOTING : protocol;
        TransportProvider provider = provider(wanted).orElseThrow(() -> new IllegalArgumentException(
                "no transport provides the protocol '" + wanted + "'; known: " + providers.keySet()));
        return provider.newClient(
                context, auto ? options.withNegotiation(options.negotiation().withEnabled(true)) : options);
    }
}
