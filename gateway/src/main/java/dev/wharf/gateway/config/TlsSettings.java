package dev.wharf.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS on one listener; the transport serving the listener applies it, and a transport that cannot serve
 * TLS refuses to start with it.
 *
 * <pre>{@code
 * listeners:
 *   - name: grpc
 *     port: 8081
 *     protocols: [grpc]
 *     tls:
 *       mode: enforcing
 *       certPath: /etc/wharf/server.crt
 *       keyPath: /etc/wharf/server.key
 *       keyPassword: ""
 *       clientAuth: require
 *       caPath: /etc/wharf/clients-ca.crt
 *       sni:
 *         - host: api.example.com
 *           certPath: /etc/wharf/api.crt
 *           keyPath: /etc/wharf/api.key
 *       reloadInterval: 5s
 *       provider: auto
 * }</pre>
 *
 * @param mode which connections the listener accepts
 * @param certPath PEM certificate chain, the server's certificate first; empty for a development certificate
 * @param keyPath PKCS#8 PEM private key of that certificate, plain or encrypted
 * @param keyPassword the password of an encrypted key
 * @param clientAuth whether clients are asked for a certificate (mutual TLS)
 * @param caPath PEM bundle of the CAs that sign client certificates; needed unless {@code clientAuth} is none
 * @param sni certificates served to clients that ask for a host name (SNI); others get the default one
 * @param reloadInterval how often the files are checked for changes; changed files are served to new connections
 * @param provider which TLS implementation does the handshakes
 */
public record TlsSettings(
        Mode mode,
        Optional<Path> certPath,
        Optional<Path> keyPath,
        Optional<String> keyPassword,
        ClientAuth clientAuth,
        Optional<Path> caPath,
        List<SniCertificate> sni,
        Duration reloadInterval,
        Provider provider) {

    /** How often certificate files are checked for changes unless told otherwise. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

    /** Which connections a listener accepts, told apart by their first bytes. */
    public enum Mode {
        /** Plaintext only. */
        DISABLED,
        /** TLS and plaintext on the same port. */
        PERMISSIVE,
        /** TLS only. */
        ENFORCING
    }

    /** Whether a listener asks its TLS clients for a certificate. */
    public enum ClientAuth {
        /** Never. */
        NONE,
        /** Asks; a client without a certificate is served, with no identity. */
        OPTIONAL,
        /** Asks; a client without a certificate the CAs signed fails the handshake. */
        REQUIRE
    }

    /** Which TLS implementation does the handshakes. */
    public enum Provider {
        /** OpenSSL (netty-tcnative) where it loads and takes the keys, else the JDK's. */
        AUTO,
        /** OpenSSL, or the listener fails to start naming why it cannot. */
        OPENSSL,
        /** The JDK's TLS. */
        JDK
    }

    /**
     * The certificate for clients that ask for {@code host}.
     *
     * @param host a lower-case DNS name, or {@code *.} and a domain for any one label under it
     */
    public record SniCertificate(String host, Path certPath, Path keyPath, Optional<String> keyPassword) {

        public SniCertificate {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(certPath, "certPath");
            Objects.requireNonNull(keyPath, "keyPath");
            Objects.requireNonNull(keyPassword, "keyPassword");
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "SniCertificate[host=" + host + ", certPath=" + certPath + ", keyPath=" + keyPath
                    + ", keyPassword=" + keyPassword.map(secret -> "(set)").orElse("(none)") + "]";
        }
    }

    public TlsSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(keyPassword, "keyPassword");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(caPath, "caPath");
        sni = List.copyOf(sni);
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(provider, "provider");
    }

    /** A mode and a certificate, without mutual TLS or SNI. */
    public TlsSettings(Mode mode, Optional<Path> certPath, Optional<Path> keyPath, Optional<String> keyPassword) {
        this(mode, certPath, keyPath, keyPassword, ClientAuth.NONE, Optional.empty(), List.of(), DEFAULT_RELOAD_INTERVAL,
                Provider.AUTO);
    }

    /** Both kinds of client, with a development certificate: what gRPC listeners do by default. */
    public static TlsSettings permissive() {
        return new TlsSettings(Mode.PERMISSIVE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The settings as the {@code tls.*} server options a transport reads; paths as given, absent ones left out. */
    public Map<String, String> serverOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tls.mode", lowerCase(mode));
        certPath.ifPresent(path -> options.put("tls.certPath", path.toString()));
        keyPath.ifPresent(path -> options.put("tls.keyPath", path.toString()));
        keyPassword.ifPresent(password -> options.put("tls.keyPassword", password));
        options.put("tls.clientAuth", lowerCase(clientAuth));
        caPath.ifPresent(path -> options.put("tls.caPath", path.toString()));
        for (SniCertificate host : sni) {
            String prefix = "tls.sni." + host.host() + ".";
            options.put(prefix + "certPath", host.certPath().toString());
            options.put(prefix + "keyPath", host.keyPath().toString());
            host.keyPassword().ifPresent(password -> options.put(prefix + "keyPassword", password));
        }
        options.put("tls.reloadInterval", reloadInterval.toString());
        options.put("tls.provider", lowerCase(provider));
        return options;
    }

    /** Never prints a password. */
    @Override
    public String toString() {
        return "TlsSettings[mode=" + mode + ", certPath=" + certPath + ", keyPath=" + keyPath
                + ", keyPassword=" + keyPassword.map(secret -> "(set)").orElse("(none)") + ", clientAuth=" + clientAuth
                + ", caPath=" + caPath + ", sni=" + sni + ", reloadInterval=" + reloadInterval + ", provider=" + provider + "]";
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
