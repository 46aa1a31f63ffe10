package dev.wharf.transport.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one certificate and its key live: a PEM chain (the certificate itself first) and a PKCS#8 PEM
 * key, plain or encrypted. Errors about the files name them by their options, {@code <prefix>certPath}
 * and so on.
 *
 * @param prefix the prefix of the options that named these files: {@code tls.} or {@code tls.sni.<host>.}
 * @param certPath the certificate chain
 * @param keyPath the certificate's private key
 * @param keyPassword the password of an encrypted key
 */
public record KeyFiles(String prefix, Path certPath, Path keyPath, Optional<String> keyPassword) {

    static final String CERT_PATH = "certPath";
    static final String KEY_PATH = "keyPath";
    static final String KEY_PASSWORD = "keyPassword";

    public KeyFiles {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    /** Reads and checks the pair. @throws IllegalArgumentException naming the option and the file */
    public CertifiedKey read() {
        return PemCertifiedKeys.read(this);
    }

    /** The files whose change means the pair must be read again. */
    List<Path> files() {
        return List.of(certPath, keyPath);
    }

    String certOption() {
        return prefix + CERT_PATH;
    }

    String keyOption() {
        return prefix + KEY_PATH;
    }

    String passwordOption() {
        return prefix + KEY_PASSWORD;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "KeyFiles[" + prefix + "*, certPath=" + certPath + ", keyPath=" + keyPath
                + ", keyPassword=" + keyPassword.map(secret -> "(set)").orElse("(none)") + "]";
    }
}
