package dev.wharf.transport.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS toward servers, for a client: whom to trust, which certificate to show for mutual TLS, and the
 * host name to ask for (SNI) and verify. Files are PEM: a bundle of CA certificates, a certificate chain
 * (the client's own first) and its PKCS#8 key, plain or encrypted.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults().withTls(ClientTlsOptions.trusting(Path.of("tls/ca.crt"))
 *         .withClientCertificate(Path.of("tls/client.crt"), Path.of("tls/client.key"), Optional.empty())
 *         .withServerName("broker.example.com"));
 * ClientOptions development = ClientOptions.defaults().withTls(ClientTlsOptions.trustingAll());
 * }</pre>
 *
 * @param caPath the CAs whose server certificates are trusted; the server's host name is verified against
 *     its certificate. Empty only with {@code trustAll}
 * @param trustAll trusts any server certificate, verifying nothing: for development certificates only
 * @param certPath the client's certificate chain, shown when the server asks (mutual TLS)
 * @param keyPath the private key of {@code certPath}
 * @param keyPassword the password of an encrypted key
 * @param serverName the host name sent as SNI and verified; empty to use the host of the address
 */
public record ClientTlsOptions(
        Optional<Path> caPath,
        boolean trustAll,
        Optional<Path> certPath,
        Optional<Path> keyPath,
        Optional<String> keyPassword,
        Optional<String> serverName) {

    /** @throws IllegalArgumentException when the trust or the client certificate is given by halves */
    public ClientTlsOptions {
        Objects.requireNonNull(caPath, "caPath");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(keyPassword, "keyPassword");
        Objects.requireNonNull(serverName, "serverName");
        if (caPath.isPresent() == trustAll) {
            throw new IllegalArgumentException("client TLS trusts either a CA bundle or, for development, any server; "
                    + (trustAll ? "not both" : "give a CA bundle"));
        }
        if (certPath.isPresent() != keyPath.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs both its certificate and its key file");
        }
        if (keyPassword.isPresent() && keyPath.isEmpty()) {
            throw new IllegalArgumentException("a key password is set without a client key");
        }
    }

    /** Trusts servers whose certificates the CAs in {@code caBundle} signed, for their host name. */
    public static ClientTlsOptions trusting(Path caBundle) {
        return new ClientTlsOptions(Optional.of(caBundle), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Trusts any server: only for a server with a development certificate. */
    public static ClientTlsOptions trustingAll() {
        return new ClientTlsOptions(Optional.empty(), true, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Shows this certificate to servers that ask for one (mutual TLS). */
    public ClientTlsOptions withClientCertificate(Path cert, Path key, Optional<String> password) {
        return new ClientTlsOptions(caPath, trustAll, Optional.of(cert), Optional.of(key), password, serverName);
    }

    /** Asks for and verifies {@code name} whatever host the address names. */
    public ClientTlsOptions withServerName(String name) {
        return new ClientTlsOptions(caPath, trustAll, certPath, keyPath, keyPassword, Optional.of(name));
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ClientTlsOptions[caPath=" + caPath + ", trustAll=" + trustAll + ", certPath=" + certPath
                + ", keyPath=" + keyPath + ", keyPassword=" + keyPassword.map(secret -> "(set)").orElse("(none)")
                + ", serverName=" + serverName + "]";
    }
}
