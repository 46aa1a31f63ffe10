package dev.wharf.transport.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads a server certificate chain and its private key from PEM files: the chain as {@code CERTIFICATE}
 * blocks, the server's own first; the key as PKCS#8, {@code PRIVATE KEY} or, with a password,
 * {@code ENCRYPTED PRIVATE KEY}. Every failure names the option, the file and the problem.
 *
 * <pre>{@code
 * CertifiedKey key = PemCertifiedKeys.read(Path.of("server.crt"), Path.of("server.key"), Optional.empty());
 * }</pre>
 */
public final class PemCertifiedKeys {

    private PemCertifiedKeys() {}

    /** @throws IllegalArgumentException when a file cannot be read or used, or the key is not the certificate's */
    public static CertifiedKey read(Path certPath, Path keyPath, Optional<String> keyPassword) {
        return read(new KeyFiles(TlsOptions.PREFIX, certPath, keyPath, keyPassword));
    }

    /**
     * The pair {@code files} name; errors name the files' options.
     *
     * @throws IllegalArgumentException when a file cannot be read or used, or the key is not the certificate's
     */
    public static CertifiedKey read(KeyFiles files) {
        List<X509Certificate> chain = certificates(files.certOption(), files.certPath());
        PrivateKey key = privateKey(files.keyOption(), files.passwordOption(), files.keyPath(), files.keyPassword());
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException(files.keyOption() + " " + absolute(files.keyPath())
                    + ": this private key does not belong to the first certificate in " + absolute(files.certPath()));
        }
        return new CertifiedKey(key, chain);
    }

    /**
     * Every certificate in a PEM bundle, such as the CAs that sign client certificates.
     *
     * @param option the option that named the file, for errors
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(String option, Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser pem = parser(option, file)) {
            for (Object block = pem.readObject(); block != null; block = pem.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw problem(option, file, "not a readable PEM certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw problem(option, file, "no certificate in it; expected PEM blocks "
                    + "'-----BEGIN CERTIFICATE-----'", null);
        }
        return chain;
    }

    private static PrivateKey privateKey(String option, String passwordOption, Path file, Optional<String> password) {
        Object block;
        try (PEMParser pem = parser(option, file)) {
            block = pem.readObject();
        } catch (IOException e) {
            throw problem(option, file, "not a readable PEM private key (" + e.getMessage() + ")", e);
        }
        PrivateKeyInfo info;
        if (block instanceof PrivateKeyInfo plain) {
            info = plain;
        } else if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            info = decrypt(option, passwordOption, file, encrypted, password);
        } else if (block instanceof PEMKeyPair || block instanceof PEMEncryptedKeyPair) {
            throw problem(option, file, "holds a traditional (PKCS#1 or SEC1) key; convert it to "
                    + "PKCS#8 with: openssl pkcs8 -topk8 -in <key> -out <key.pk8> (add -nocrypt for no password)", null);
        } else {
            throw problem(option, file, "no private key in it; expected a PKCS#8 PEM block "
                    + "'-----BEGIN PRIVATE KEY-----' or '-----BEGIN ENCRYPTED PRIVATE KEY-----'", null);
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw problem(option, file, "unsupported private key (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKeyInfo decrypt(String option, String passwordOption, Path file,
            PKCS8EncryptedPrivateKeyInfo encrypted, Optional<String> password) {
        if (password.isEmpty()) {
            throw problem(option, file, "the key is encrypted; set " + passwordOption, null);
        }
        try {
            // A provider instance of our own: PBES2 key derivations the JDK lacks, without a global install.
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider())
                    .build(password.get().toCharArray()));
        } catch (PKCSException | OperatorCreationException e) {
            throw problem(option, file,
                    "cannot decrypt the key; is " + passwordOption + " right? (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether a signature made with {@code key} verifies with {@code certified}. Key types without a
     * known signature algorithm here are only compared by type; the handshake is their test.
     */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] probe = "wharf key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A parser over the file's text; ISO-8859-1 so that a binary file reads as "no PEM block", not as an error. */
    private static PEMParser parser(String option, Path file) {
        try {
            return new PEMParser(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        } catch (NoSuchFileException e) {
            throw problem(option, file, "no such file", e);
        } catch (IOException e) {
            throw problem(option, file, "cannot read it (" + e + ")", e);
        }
    }

    private static IllegalArgumentException problem(String option, Path file, String problem, Throwable cause) {
        return new IllegalArgumentException(option + " " + absolute(file) + ": " + problem, cause);
    }

    private static Path absolute(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
