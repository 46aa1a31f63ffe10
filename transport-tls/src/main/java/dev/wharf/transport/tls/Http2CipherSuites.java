package dev.wharf.transport.tls;

import io.netty.handler.ssl.CipherSuiteFilter;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Keeps the cipher suites HTTP/2 may use (RFC 9113 §9.2.2): every TLS 1.3 suite, and TLS 1.2 suites
 * with an ephemeral key exchange and an AEAD cipher. Browsers end an h2 connection that negotiated
 * anything else with INADEQUATE_SECURITY.
 */
final class Http2CipherSuites implements CipherSuiteFilter {

    static final CipherSuiteFilter FILTER = new Http2CipherSuites();

    private Http2CipherSuites() {}

    @Override
    public String[] filterCipherSuites(Iterable<String> ciphers, List<String> defaultCiphers, Set<String> supportedCiphers) {
        Iterable<String> candidates = ciphers == null ? defaultCiphers : ciphers;
        return StreamSupport.stream(candidates.spliterator(), false)
                .filter(supportedCiphers::contains)
                .filter(Http2CipherSuites::allowed)
                .toArray(String[]::new);
    }

    static boolean allowed(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true;
        }
        boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return ephemeral && aead;
    }
}
