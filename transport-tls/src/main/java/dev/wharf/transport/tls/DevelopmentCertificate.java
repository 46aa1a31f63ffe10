package dev.wharf.transport.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    /** The names every development server certificate is for. */
    public static final List<String> DEFAULT_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private DevelopmentCertificate() {}

    /**
     * A new key and a certificate for it, valid from {@code now} for {@link #VALIDITY}, naming
     * {@code hostName} among its subject alternative names when there is one.
     */
    public static CertifiedKey generate(Instant now, Optional<String> hostName) {
        KeyPair pair = CertificateMaker.newKeyPair();
        X509Certificate certificate = CertificateMaker.make(SUBJECT, pair.getPublic(), CertificateMaker.Role.SERVER,
                alternativeNames(hostName), null, pair.getPrivate(), now, VALIDITY);
        return new CertifiedKey(pair.getPrivate(), List.of(certificate));
    }

    /** This machine's host name, if it has one that resolves; looked up once, at start-up. */
    public static Optional<String> localHostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName()).filter(name -> !name.isBlank());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static List<String> alternativeNames(Optional<String> hostName) {
        List<String> names = new ArrayList<>(DEFAULT_NAMES);
        hostName.filter(name -> !names.contains(name)).ifPresent(names::add);
        return names;
    }
}
