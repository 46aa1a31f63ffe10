package dev.wharf.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates and their PEM files, made the way an operator's tools would. */
public final class TestCertificates {

    private TestCertificates() {}

    /** A self-signed certificate for {@code localhost} with subject {@code CN=<commonName>}. */
    public static CertifiedKey selfSigned(String commonName, String keyAlgorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
        if (!keyAlgorithm.equals("Ed25519")) {
            generator.initialize(keyAlgorithm.equals("RSA") ? 2048 : 256);
        }
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        String signature = switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
        return new CertifiedKey(pair.getPrivate(), List.of(certificate));
    }

    /** The chain as {@code CERTIFICATE} blocks. */
    public static Path writeChain(Path file, List<X509Certificate> chain) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : chain) {
                pem.writeObject(certificate);
            }
        }
        return Files.writeString(file, text.toString());
    }

    /** The key as unencrypted PKCS#8: {@code PRIVATE KEY}. */
    public static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        return write(file, new JcaPKCS8Generator(key, null));
    }

    /** The key as PKCS#8 encrypted with AES-256-CBC and PBKDF2, as {@code openssl pkcs8 -topk8} writes it. */
    public static Path writeEncryptedPkcs8(Path file, PrivateKey key, String password) throws Exception {
        return write(file, new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider())
                .setPassword(password.toCharArray())
                .build()));
    }

    /** The key in its traditional form ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}). */
    public static Path writeTraditional(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(key);
        }
        return Files.writeString(file, text.toString());
    }

    private static Path write(Path file, JcaPKCS8Generator generator) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(generator);
        }
        return Files.writeString(file, text.toString());
    }
}
