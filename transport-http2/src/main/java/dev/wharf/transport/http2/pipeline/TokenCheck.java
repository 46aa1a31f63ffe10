package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.api.HttpError;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Optional bearer-token authentication: when tokens are configured, every request but the health check
 * carries {@code Authorization: Bearer <token>} with one of them. Tokens are compared in constant time.
 */
public final class TokenCheck {

    /** Paths served without a token, so load balancers and orchestrators can probe. */
    private static final Set<String> OPEN_PATHS = Set.of("/health");
    private static final String BEARER = "bearer ";

    private final List<byte[]> tokens;

    public TokenCheck(Set<String> tokens) {
        this.tokens = tokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The refusal of a request to {@code path} with this Authorization header; null when it may proceed. */
    public HttpError refusal(String path, String authorization) {
        if (tokens.isEmpty() || OPEN_PATHS.contains(path)) {
            return null;
        }
        if (authorization == null || authorization.length() < BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return HttpError.of(HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED",
                    "this gateway requires 'Authorization: Bearer <token>'");
        }
        byte[] offered = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] token : tokens) {
            known |= MessageDigest.isEqual(token, offered);
        }
        return known ? null : HttpError.of(HttpResponseStatus.FORBIDDEN, "FORBIDDEN", "the bearer token is not accepted");
    }
}
