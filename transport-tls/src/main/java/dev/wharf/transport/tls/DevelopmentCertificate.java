package dev.wharf.transport.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate made at start-up when none is configured, so that TLS clients (the 5.x SDKs
 * use TLS by default and trust any server certificate) connect out of the box: {@code CN=wharf-dev},
 * an EC P-256 key, valid for a year, for localhost, 127.0.0.1, ::1 and this machine's host name. Clients
 * that verify certificates will not trust it; production listeners configure their own.
 *
 * <pre>{@code
 * CertifiedKey dev = DevelopmentCertificate.generate(Instant.now(), DevelopmentCertificate.localHostName());
 * }</pre>
 */
public final class DevelopmentCertificate {

    /** Subject and issuer of every development certificate. */
    public static final String SUBJECT = "CN=wharf-dev";
    /** How long a development certificate is valid from its making. */
    public static final Duration VALIDITY = Duration.ofDays(365);
    /** Tolerates clients whose clock is a little behind ours. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private DevelopmentCertificate() {}

    /**
     * A new key and a certificate for it, valid from {@code now} for {@link #VALIDITY}, naming
     * {@code hostName} among its subject alternative names when there is one.
     */
    public static CertifiedKey generate(Instant now, Optional<String> hostName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name(SUBJECT);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hostName));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertifiedKey(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate the development TLS certificate: " + e.getMessage(), e);
        }
    }

    /** This machine's host name, if it has one that resolves; looked up once, at start-up. */
    public static Optional<String> localHostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName()).filter(name -> !name.isBlank());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static GeneralNames alternativeNames(Optional<String> hostName) {
        List<GeneralName> names = new ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")));
        hostName.filter(name -> !name.equals("localhost"))
                .ifPresent(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
