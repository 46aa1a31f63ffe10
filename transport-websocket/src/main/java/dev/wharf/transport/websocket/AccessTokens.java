package dev.wharf.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/** The tokens that open a connection; none configured opens every connection. */
final class AccessTokens {

    private final List<byte[]> tokens;

    AccessTokens(Set<String> tokens) {
        this.tokens = tokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    }

    boolean required() {
        return !tokens.isEmpty();
    }

    /** Whether {@code token} opens a connection; compared in constant time, so timing tells nothing about tokens. */
    boolean accepts(String token) {
        if (tokens.isEmpty()) {
            return true;
        }
        if (token == null) {
            return false;
        }
        byte[] offered = token.getBytes(StandardCharsets.UTF_8);
        boolean accepted = false;
        for (byte[] known : tokens) {
            accepted |= MessageDigest.isEqual(known, offered);
        }
        return accepted;
    }
}
