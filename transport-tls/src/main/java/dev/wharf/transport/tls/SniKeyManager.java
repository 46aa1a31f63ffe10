package dev.wharf.transport.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager: at each handshake it picks, from the {@link ServerKeys} current at that
 * moment, the certificate for the host name the client asked for (SNI). {@link #use} swaps in new keys
 * for the handshakes that follow, which is how a listener serves a renewed certificate to new connections
 * while its open ones carry on. One TLS context then serves every SNI name and every reload, so each
 * transport's own TLS set-up (gRPC's, HTTP/2's with ALPN) gets both without change.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    /** Aliases name a key of one generation of keys; a handshake asks for the key right after choosing. */
    private final Map<String, CertifiedKey> byAlias = new ConcurrentHashMap<>();
    private long generations;
    private volatile Generation current;

    /** One set of keys and the alias of each, {@code <generation>/default} or {@code <generation>/sni:<host>}. */
    private record Generation(long number, ServerKeys keys, Map<CertifiedKey, String> aliases) {

        static Generation of(long number, ServerKeys keys) {
            Map<CertifiedKey, String> aliases = new IdentityHashMap<>();
            aliases.put(keys.defaultKey(), number + "/default");
            keys.byHost().forEach((host, key) -> aliases.put(key, number + "/sni:" + host));
            return new Generation(number, keys, aliases);
        }
    }

    SniKeyManager(ServerKeys keys) {
        use(keys);
    }

    /** Serves {@code keys} from the next handshake on. */
    synchronized void use(ServerKeys keys) {
        Generation previous = current;
        Generation next = Generation.of(++generations, keys);
        // A handshake that chose just before the swap may still ask for the previous generation's key;
        // the generation before that is long done.
        if (previous != null) {
            byAlias.keySet().removeIf(alias -> !alias.startsWith(previous.number() + "/"));
        }
        next.aliases().forEach((key, alias) -> byAlias.put(alias, key));
        current = next;
    }

    ServerKeys keys() {
        return current.keys();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, null);
    }

    private String choose(String keyType, SSLSession handshake) {
        Generation generation = current;
        CertifiedKey key = generation.keys().forHost(requestedHost(handshake));
        if (!fits(key, keyType)) {
            return null;
        }
        return generation.aliases().get(key);
    }

    /** Whether the JDK's key type for a handshake ("EC", "RSA", "RSASSA-PSS", "EC_EC"…) fits the key. */
    private static boolean fits(CertifiedKey key, String keyType) {
        String algorithm = key.privateKey().getAlgorithm();
        return keyType.equals(algorithm)
                || keyType.startsWith(algorithm + "_")
                || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")
                || keyType.equals("EdDSA") && algorithm.equals("Ed25519");
    }

    private static Optional<String> requestedHost(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return Optional.of(host.getAsciiName());
            }
        }
        return Optional.empty();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey key = byAlias.get(alias);
        return key == null ? null : key.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey key = byAlias.get(alias);
        return key == null ? null : key.privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = choose(keyType, null);
        return alias == null ? null : new String[] {alias};
    }

    /** A server has no client side. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
