package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ServerConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS on a listener, read from a {@link ServerConfig}'s {@code tls.*} options. Without a certificate a
 * development one is generated at start-up ({@link DevelopmentCertificate}).
 *
 * <pre>{@code
 * TlsOptions tls = TlsOptions.from(ServerConfig.of("0.0.0.0", 8081)
 *         .withOption(TlsOptions.MODE, "enforcing")
 *         .withOption(TlsOptions.CERT_PATH, "/etc/wharf/server.crt")
 *         .withOption(TlsOptions.KEY_PATH, "/etc/wharf/server.key"));
 * }</pre>
 *
 * @param mode which connections the port accepts; {@link TlsMode#PERMISSIVE} unless set
 * @param certPath PEM certificate chain, the server's own certificate first
 * @param keyPath the certificate's PKCS#8 PEM private key, plain or encrypted
 * @param keyPassword the password of an encrypted key
 */
public record TlsOptions(TlsMode mode, Optional<Path> certPath, Optional<Path> keyPath, Optional<String> keyPassword) {

    public static final String MODE = "tls.mode";
    public static final String CERT_PATH = "tls.certPath";
    public static final String KEY_PATH = "tls.keyPath";
    public static final String KEY_PASSWORD = "tls.keyPassword";

    /** @throws IllegalArgumentException when the options contradict each other, naming them */
    public TlsOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(keyPassword, "keyPassword");
        if (certPath.isPresent() != keyPath.isPresent()) {
            throw new IllegalArgumentException(certPath.isPresent()
                    ? KEY_PATH + " must be set with " + CERT_PATH
                    : CERT_PATH + " must be set with " + KEY_PATH);
        }
        if (keyPassword.isPresent() && keyPath.isEmpty()) {
            throw new IllegalArgumentException(KEY_PASSWORD + " is set without " + KEY_PATH);
        }
        if (mode == TlsMode.DISABLED && certPath.isPresent()) {
            throw new IllegalArgumentException(CERT_PATH + " has no use when " + MODE + " is disabled");
        }
    }

    /** TLS and plaintext on one port, with a development certificate. */
    public static TlsOptions permissive() {
        return new TlsOptions(TlsMode.PERMISSIVE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The {@code tls.*} options of {@code config}; a blank option counts as absent.
     *
     * @throws IllegalArgumentException on a bad value or a contradiction, naming the option
     */
    public static TlsOptions from(ServerConfig config) {
        TlsMode mode;
        try {
            mode = text(config, MODE).map(TlsMode::parse).orElse(TlsMode.PERMISSIVE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE + ": " + e.getMessage(), e);
        }
        return new TlsOptions(mode, path(config, CERT_PATH), path(config, KEY_PATH), text(config, KEY_PASSWORD));
    }

    /** Whether a certificate is configured; otherwise a development one is served. */
    public boolean hasCertificate() {
        return certPath.isPresent();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TlsOptions[mode=" + mode + ", certPath=" + certPath + ", keyPath=" + keyPath
                + ", keyPassword=" + keyPassword.map(secret -> "(set)").orElse("(none)") + "]";
    }

    private static Optional<String> text(ServerConfig config, String name) {
        return Optional.ofNullable(config.options().get(name)).filter(value -> !value.isBlank());
    }

    private static Optional<Path> path(ServerConfig config, String name) {
        return text(config, name).map(value -> {
            try {
                return Path.of(value.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(name + ": not a file path (" + e.getReason() + "): " + value, e);
            }
        });
    }
}
