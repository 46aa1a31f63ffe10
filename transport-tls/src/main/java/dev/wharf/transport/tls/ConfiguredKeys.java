package dev.wharf.transport.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a listener's TLS files hold, read and checked: PEM parsing, key decryption and the key-matches-certificate
 * check. Cheap enough to do when a listener starts, so that a file that cannot be used fails the start naming it,
 * and read again at each reload; building the TLS context over it is left for the first TLS client
 * ({@link DeferredTlsMaterial}).
 *
 * @param defaultKey the configured default certificate; empty for a development one
 * @param byHost certificates by SNI host name
 * @param clientCas the CAs that sign client certificates, when clients are asked for one
 */
record ConfiguredKeys(Optional<CertifiedKey> defaultKey, Map<String, CertifiedKey> byHost,
        Optional<List<X509Certificate>> clientCas) {

    ConfiguredKeys {
        Objects.requireNonNull(defaultKey, "defaultKey");
        byHost = Map.copyOf(byHost);
        Objects.requireNonNull(clientCas, "clientCas");
    }

    /** The algorithms of the configured keys, "EC", "RSA"…: what the TLS implementation must take. */
    Set<String> algorithms() {
        Set<String> algorithms = new TreeSet<>();
        defaultKey.ifPresent(key -> algorithms.add(key.privateKey().getAlgorithm()));
        byHost.values().forEach(key -> algorithms.add(key.privateKey().getAlgorithm()));
        return algorithms;
    }

    /**
     * Every file {@code options} name, read now.
     *
     * @throws IllegalArgumentException when a file cannot be used, naming its option and path
     */
    static ConfiguredKeys read(TlsOptions options, Clock clock) {
        Map<String, CertifiedKey> byHost = new HashMap<>();
        options.sni().forEach((host, files) -> byHost.put(host, ServerSslContexts.checked(files, clock)));
        return new ConfiguredKeys(options.certificate().map(files -> ServerSslContexts.checked(files, clock)), byHost,
                options.caPath().map(path -> PemCertifiedKeys.certificates(TlsOptions.CA_PATH, path)));
    }
}
