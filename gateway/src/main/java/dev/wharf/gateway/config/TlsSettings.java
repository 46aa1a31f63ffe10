package dev.wharf.gateway.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * }</pre>
 *
 * @param mode which connections the listener accepts
 * @param certPath PEM certificate chain, the server's certificate first; empty for a development certificate
 * @param keyPath PKCS#8 PEM private key of that certificate, plain or encrypted
 * @param keyPassword the password of an encrypted key
 */
public record TlsSettings(Mode mode, Optional<Path> certPath, Optional<Path> keyPath, Optional<String> keyPassword) {

    /** Which connections a listener accepts, told apart by their first bytes. */
    public enum Mode {
        /** Plaintext only. */
        DISABLED,
        /** TLS and plaintext on the same port. */
        PERMISSIVE,
        /** TLS only. */
        ENFORCING
    }

    public TlsSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    /** Both kinds of client, with a development certificate: what gRPC listeners do by default. */
    public static TlsSettings permissive() {
        return new TlsSettings(Mode.PERMISSIVE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The settings as the {@code tls.*} server options a transport reads; paths as given, absent ones left out. */
    public Map<String, String> serverOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tls.mode", mode.name().toLowerCase(Locale.ROOT));
        certPath.ifPresent(path -> options.put("tls.certPath", path.toString()));
        keyPath.ifPresent(path -> options.put("tls.keyPath", path.toString()));
        keyPassword.ifPresent(password -> options.put("tls.keyPassword", password));
        return options;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TlsSettings[mode=" + mode + ", certPath=" + certPath + ", keyPath=" + keyPath
                + ", keyPassword=" + keyPassword.map(secret -> "(set)").orElse("(none)") + "]";
    }
}
