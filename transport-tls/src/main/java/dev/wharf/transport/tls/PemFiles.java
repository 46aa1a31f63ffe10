package dev.wharf.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writes certificates and keys as the PEM files {@link PemCertifiedKeys} reads: {@code CERTIFICATE} blocks,
 * and an unencrypted PKCS#8 {@code PRIVATE KEY} readable by its owner only (where the file system has
 * POSIX permissions).
 */
public final class PemFiles {

    private PemFiles() {}

    /** Writes {@code certificates} in order, replacing {@code file}. */
    public static Path writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
        return Files.writeString(file, text.toString());
    }

    /** Writes {@code key} as PKCS#8, replacing {@code file}, readable by its owner only. */
    public static Path writePrivateKey(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.writeString(file, text.toString());
    }
}
