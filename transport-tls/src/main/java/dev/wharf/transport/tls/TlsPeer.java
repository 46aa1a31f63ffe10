package dev.wharf.transport.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * The verified identity of a mutual-TLS client: its certificate's subject, by which it is a
 * {@link Principal} named like {@code CN=orders-service,O=Example}, and the certificate's subject
 * alternative names (DNS names, IP addresses, URIs, e-mail addresses, as text). Transports return it from
 * {@code Connection.tlsPeer()}.
 *
 * <pre>{@code
 * Optional<TlsPeer> peer = TlsPeer.of(channel);                       // a Netty transport
 * Optional<TlsPeer> grpcPeer = TlsPeer.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
 * }</pre>
 *
 * @param subject the certificate's subject
 * @param subjectAlternativeNames the certificate's alternative names, in its order
 * @param certificate the client's own certificate, first in the chain it sent
 */
public record TlsPeer(X500Principal subject, List<String> subjectAlternativeNames, X509Certificate certificate)
        implements Principal {

    public TlsPeer {
        Objects.requireNonNull(subject, "subject");
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * The client that {@code channel}'s TLS verified; empty for plaintext, before the handshake ends, and
     * for a client that showed no certificate.
     */
    public static Optional<TlsPeer> of(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null || !tls.handshakeFuture().isSuccess() ? Optional.empty() : of(tls.engine().getSession());
    }

    /** The verified client of a TLS session; empty for none ({@code null} included) or no client certificate. */
    public static Optional<TlsPeer> of(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            return Optional.empty();
        }
        return Optional.of(new TlsPeer(certificate.getSubjectX500Principal(), alternativeNames(certificate), certificate));
    }

    /** The subject, RFC 2253 style: {@code CN=orders-service,O=Example}. */
    @Override
    public String getName() {
        return subject.getName();
    }

    @Override
    public String toString() {
        return subjectAlternativeNames.isEmpty() ? getName() : getName() + " " + subjectAlternativeNames;
    }

    private static List<String> alternativeNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> text = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                if (name.size() == 2 && name.get(1) instanceof String value) {
                    text.add(value);
                }
            }
        }
        return text;
    }
}
