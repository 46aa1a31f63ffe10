package dev.wharf.transport.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation serves handshakes, the {@value TlsOptions#PROVIDER} option. OpenSSL (BoringSSL
 * from netty-tcnative) does a full handshake several times faster than the JDK's; the JDK's is there on every
 * platform.
 *
 * <pre>{@code
 * SslProvider provider = TlsProvider.parse("auto").select(List.of("EC"));  // OPENSSL where tcnative loads
 * }</pre>
 */
public enum TlsProvider {

    /** OpenSSL when netty-tcnative loads on this platform and supports what is asked, else the JDK. */
    AUTO,
    /** OpenSSL, or start-up fails naming why it cannot be used. */
    OPENSSL,
    /** The JDK's TLS. */
    JDK;

    /** The key algorithms Netty's OpenSSL key material takes. */
    private static final List<String> OPENSSL_KEYS = List.of("EC", "RSA");

    private static final Logger log = LoggerFactory.getLogger(TlsProvider.class);
    /** What has been logged already: the choice is logged once per process, not per listener or client. */
    private static final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** The provider named {@code text}, in any case: {@code auto}, {@code openssl}, {@code jdk}. */
    public static TlsProvider parse(String text) {
        for (TlsProvider provider : values()) {
            if (provider.name().equalsIgnoreCase(text.trim())) {
                return provider;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values())
                .map(TlsProvider::toString)
                .collect(Collectors.joining(", ")) + "; got '" + text + "'");
    }

    /**
     * The Netty provider for keys of {@code keyAlgorithms} (empty for a client without a certificate), with
     * ALPN. Logs the outcome the first time it is reached.
     *
     * @throws IllegalArgumentException when OpenSSL is asked for and cannot serve, naming why
     */
    public SslProvider select(Collection<String> keyAlgorithms) {
        if (this == JDK) {
            return logged(SslProvider.JDK, "as configured");
        }
        String unusable = openSslUnusable(keyAlgorithms);
        if (unusable == null) {
            return logged(SslProvider.OPENSSL, OpenSsl.versionString());
        }
        if (this == OPENSSL) {
            throw new IllegalArgumentException(TlsOptions.PROVIDER + " openssl: " + unusable);
        }
        return logged(SslProvider.JDK, unusable);
    }

    /** Why OpenSSL cannot serve keys of {@code keyAlgorithms}, or null when it can. */
    private static String openSslUnusable(Collection<String> keyAlgorithms) {
        if (!OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            return "netty-tcnative is not available on this platform ("
                    + (cause == null ? "unknown cause" : cause.getMessage()) + ")";
        }
        if (!OpenSsl.isAlpnSupported()) {
            return "this OpenSSL has no ALPN";
        }
        for (String algorithm : keyAlgorithms) {
            if (!OPENSSL_KEYS.contains(algorithm)) {
                return "OpenSSL does not take " + algorithm + " keys (only " + String.join(", ", OPENSSL_KEYS) + ")";
            }
        }
        return null;
    }

    private static SslProvider logged(SslProvider provider, String why) {
        if (logged.add(provider + why)) {
            log.info("TLS handshakes use {} ({})", provider == SslProvider.OPENSSL ? "OpenSSL" : "the JDK", why);
        }
        return provider;
    }

    /** The lower-case name configuration files use. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
