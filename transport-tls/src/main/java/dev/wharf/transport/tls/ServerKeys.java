package dev.wharf.transport.tls;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates one listener serves at one moment: a default one, and one per host name for clients
 * that ask for that name (SNI). A name matches exactly, or through a wildcard entry {@code *.example.com}
 * one label deep ({@code api.example.com}, not {@code example.com} nor {@code a.b.example.com}); any other
 * name, and a client that names none, gets the default.
 *
 * @param defaultKey served to clients whose name has no entry
 * @param byHost certificates by lower-case host name or wildcard
 */
record ServerKeys(CertifiedKey defaultKey, Map<String, CertifiedKey> byHost) {

    ServerKeys {
        Objects.requireNonNull(defaultKey, "defaultKey");
        byHost = Map.copyOf(byHost);
    }

    /** The certificate for a client that asked for {@code serverName}. */
    CertifiedKey forHost(Optional<String> serverName) {
        if (serverName.isEmpty() || byHost.isEmpty()) {
            return defaultKey;
        }
        String host = serverName.get().toLowerCase(Locale.ROOT);
        CertifiedKey exact = byHost.get(host);
        if (exact != null) {
            return exact;
        }
        int dot = host.indexOf('.');
        CertifiedKey wildcard = dot > 0 ? byHost.get("*" + host.substring(dot)) : null;
        return wildcard != null ? wildcard : defaultKey;
    }

    /** The algorithms of every key, "EC", "RSA"…: what the TLS implementation must take. */
    Set<String> algorithms() {
        Set<String> algorithms = new TreeSet<>();
        algorithms.add(defaultKey.privateKey().getAlgorithm());
        byHost.values().forEach(key -> algorithms.add(key.privateKey().getAlgorithm()));
        return algorithms;
    }
}
