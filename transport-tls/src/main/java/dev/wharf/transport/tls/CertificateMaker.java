package dev.wharf.transport.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the certificates Wharf generates itself (BouncyCastle): EC P-256 keys, random serials, signed
 * with SHA-256, valid from an hour before {@code now} (clients whose clock lags still accept them).
 */
final class CertificateMaker {

    /** The roles a generated certificate plays. */
    enum Role {
        /** Signs other certificates. */
        AUTHORITY,
        /** A TLS server, for the names it is given. */
        SERVER,
        /** A TLS client (mutual TLS). */
        CLIENT
    }

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private CertificateMaker() {}

    /** A new EC P-256 key pair. */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate for {@code subjectKey} as {@code role}, signed by {@code issuerKey} in the name of
     * {@code issuer}, or self-signed when {@code issuer} is null.
     *
     * @param names DNS names and IP addresses the certificate is for (its subject alternative names)
     */
    static X509Certificate make(String subject, PublicKey subjectKey, Role role, List<String> names,
            X509Certificate issuer, PrivateKey issuerKey, Instant now, Duration validity) {
        try {
            // Through the JDK's parser, so the name reads back (RFC 2253) as it was written.
            X500Name subjectName = X500Name.getInstance(new X500Principal(subject).getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer == null ? subjectName : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)),
                    subjectName,
                    subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(role == Role.AUTHORITY));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            }
            switch (role) {
                case AUTHORITY -> builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                case SERVER, CLIENT -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            role == Role.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                }
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        names.stream().map(CertificateMaker::generalName).toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot make the certificate '" + subject + "': " + e.getMessage(), e);
        }
    }

    /** An IP address (v4, or v6 with its colons) or else a DNS name. */
    private static GeneralName generalName(String name) {
        boolean address = IPV4.matcher(name).matches() || name.contains(":");
        return new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }
}
