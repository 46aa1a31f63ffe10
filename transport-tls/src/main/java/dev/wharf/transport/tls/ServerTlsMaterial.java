package dev.wharf.transport.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one listener's TLS serves: the certificates (default and per SNI host) and the CAs that sign client
 * certificates, read from the files its {@link TlsOptions} name, behind an {@link SslContext}. {@link #reload()}
 * reads the files again and swaps what they hold in for the handshakes that follow; a file that cannot be used
 * leaves everything as it was. New certificates reach the same context through its {@link SniKeyManager}; a new CA
 * bundle takes a new context, as OpenSSL names the CAs to clients once per context (a JDK client picks the
 * certificate it sends by those names).
 */
final class ServerTlsMaterial {

    private final TlsOptions options;
    private final Clock clock;
    private final List<String> alpn;
    private final SslProvider provider;
    private final SniKeyManager keys;
    private volatile SslContext sslContext;

    private ServerTlsMaterial(TlsOptions options, Clock clock, List<String> alpn) {
        this.options = options;
        this.clock = clock;
        this.alpn = List.copyOf(alpn);
        this.keys = new SniKeyManager(new ServerKeys(ServerSslContexts.defaultKey(options, clock), sniKeys()));
        this.provider = options.provider().select(keys.keys().algorithms());
        this.sslContext = context(options.caPath().map(ServerTlsMaterial::authorities));
    }

    /**
     * The material {@code options} describe; empty when TLS is disabled.
     *
     * @throws IllegalArgumentException when a configured file cannot be used, naming its option and path
     */
    static Optional<ServerTlsMaterial> load(TlsOptions options, List<String> alpn, Clock clock) {
        return options.mode() == TlsMode.DISABLED
                ? Optional.empty()
                : Optional.of(new ServerTlsMaterial(options, clock, alpn));
    }

    /** The context for the next handshake. */
    SslContext sslContext() {
        return sslContext;
    }

    /** The files whose change calls for a {@link #reload()}; empty with a development certificate alone. */
    List<Path> files() {
        return options.files();
    }

    /** The certificates served now. */
    ServerKeys keys() {
        return keys.keys();
    }

    /**
     * Reads every file again and serves what they hold from the next handshake on; a development
     * certificate stays as it is. All or nothing: when one file cannot be used nothing changes.
     *
     * @throws IllegalArgumentException naming the option and the file that cannot be used
     */
    void reload() {
        CertifiedKey defaultKey = options.certificate()
                .map(files -> ServerSslContexts.checked(files, clock))
                .orElse(keys.keys().defaultKey());
        Map<String, CertifiedKey> byHost = sniKeys();
        Optional<List<X509Certificate>> authorities = options.caPath().map(ServerTlsMaterial::authorities);
        Optional<SslContext> withNewCas = authorities.map(cas -> context(Optional.of(cas)));
        keys.use(new ServerKeys(defaultKey, byHost));
        withNewCas.ifPresent(context -> sslContext = context);
    }

    private SslContext context(Optional<List<X509Certificate>> clientCas) {
        return ServerSslContexts.build(provider, keys, clientCas.map(ClientCaTrustManager::new), options.clientAuth(), alpn);
    }

    private Map<String, CertifiedKey> sniKeys() {
        Map<String, CertifiedKey> byHost = new HashMap<>();
        options.sni().forEach((host, files) -> byHost.put(host, ServerSslContexts.checked(files, clock)));
        return byHost;
    }

    private static List<X509Certificate> authorities(Path caPath) {
        return PemCertifiedKeys.certificates(TlsOptions.CA_PATH, caPath);
    }
}
