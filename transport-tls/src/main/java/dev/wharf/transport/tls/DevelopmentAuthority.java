package dev.wharf.transport.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate authority for development and tests: it signs server certificates for given names and
 * client certificates for mutual TLS, all EC P-256. Servers trust its certificate as the CA of their
 * clients ({@code tls.caPath}) and clients trust it as the CA of servers. Not for production, where an
 * organisation's own CA signs.
 *
 * <pre>{@code
 * DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Wharf development CA", Instant.now(), Duration.ofDays(365));
 * CertifiedKey server = ca.issueServer("CN=localhost", List.of("localhost", "127.0.0.1", "::1"), Instant.now(),
 *         Duration.ofDays(365));
 * CertifiedKey client = ca.issueClient("CN=orders-service", List.of(), Instant.now(), Duration.ofDays(365));
 * }</pre>
 */
public final class DevelopmentAuthority {

    private final CertifiedKey authority;

    private DevelopmentAuthority(CertifiedKey authority) {
        this.authority = authority;
    }

    /**
     * A new, self-signed authority.
     *
     * @param subject its distinguished name, e.g. {@code CN=Wharf development CA}
     * @throws IllegalArgumentException when {@code subject} is not a distinguished name
     */
    public static DevelopmentAuthority create(String subject, Instant now, Duration validity) {
        KeyPair pair = CertificateMaker.newKeyPair();
        X509Certificate certificate = CertificateMaker.make(subject, pair.getPublic(), CertificateMaker.Role.AUTHORITY,
                List.of(), null, pair.getPrivate(), now, validity);
        return new DevelopmentAuthority(new CertifiedKey(pair.getPrivate(), List.of(certificate)));
    }

    /** The authority's own certificate and key. */
    public CertifiedKey certificate() {
        return authority;
    }

    /**
     * A server certificate for {@code names} (DNS names and IP addresses), signed by this authority.
     *
     * @throws IllegalArgumentException when {@code names} is empty
     */
    public CertifiedKey issueServer(String subject, List<String> names, Instant now, Duration validity) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or address");
        }
        return issue(subject, CertificateMaker.Role.SERVER, names, now, validity);
    }

    /**
     * A client certificate (mutual TLS) with subject {@code subject} and, when given, alternative
     * {@code names} (DNS names, IP addresses), signed by this authority.
     */
    public CertifiedKey issueClient(String subject, List<String> names, Instant now, Duration validity) {
        return issue(subject, CertificateMaker.Role.CLIENT, names, now, validity);
    }

    private CertifiedKey issue(String subject, CertificateMaker.Role role, List<String> names, Instant now,
            Duration validity) {
        Objects.requireNonNull(subject, "subject");
        KeyPair pair = CertificateMaker.newKeyPair();
        X509Certificate certificate = CertificateMaker.make(subject, pair.getPublic(), role, names,
                authority.certificate(), authority.privateKey(), now, validity);
        return new CertifiedKey(pair.getPrivate(), List.of(certificate));
    }
}
