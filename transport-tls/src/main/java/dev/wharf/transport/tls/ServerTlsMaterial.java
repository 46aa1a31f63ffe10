package dev.wharf.transport.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What one listener's TLS serves once built: the certificates (default and per SNI host) and the CAs that sign
 * client certificates behind an {@link SslContext}. Building it is the expensive part of TLS (a development
 * certificate's key pair and signature, loading OpenSSL, the context itself), which is why
 * {@link DeferredTlsMaterial} waits for the first TLS client to do it. {@link #use} swaps newly read files in for
 * the handshakes that follow: new certificates reach the same context through its {@link SniKeyManager}; a new CA
 * bundle takes a new context, as OpenSSL names the CAs to clients once per context (a JDK client picks the
 * certificate it sends by those names).
 */
final class ServerTlsMaterial {

    private final TlsOptions options;
    private final List<String> alpn;
    private final SslProvider provider;
    private final SniKeyManager keys;
    private volatile SslContext sslContext;

    /**
     * @param read the files' contents; without a default certificate a development one is made
     * @throws IllegalArgumentException when the TLS implementation refuses the material, naming the problem
     */
    ServerTlsMaterial(TlsOptions options, List<String> alpn, ConfiguredKeys read, Clock clock) {
        this.options = options;
        this.alpn = List.copyOf(alpn);
        CertifiedKey defaultKey = read.defaultKey().orElseGet(() -> ServerSslContexts.developmentKey(clock));
        this.keys = new SniKeyManager(new ServerKeys(defaultKey, read.byHost()));
        this.provider = options.provider().select(keys.keys().algorithms());
        this.sslContext = context(read.clientCas());
    }

    /** The context for the next handshake. */
    SslContext sslContext() {
        return sslContext;
    }

    /** The certificates served now. */
    ServerKeys keys() {
        return keys.keys();
    }

    /**
     * Serves what the files hold now from the next handshake on; a development certificate stays as it is.
     *
     * @throws IllegalArgumentException when the TLS implementation refuses a new CA bundle; nothing changes then
     */
    void use(ConfiguredKeys read) {
        CertifiedKey defaultKey = read.defaultKey().orElse(keys.keys().defaultKey());
        Optional<SslContext> withNewCas = read.clientCas().map(cas -> context(Optional.of(cas)));
        keys.use(new ServerKeys(defaultKey, read.byHost()));
        withNewCas.ifPresent(context -> sslContext = context);
    }

    private SslContext context(Optional<List<X509Certificate>> clientCas) {
        return ServerSslContexts.build(provider, keys, clientCas.map(ClientCaTrustManager::new), options.clientAuth(), alpn);
    }
}
