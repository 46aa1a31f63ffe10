package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.api.ApiException;
import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.HttpError;
import dev.wharf.transport.http2.api.Router;
import dev.wharf.transport.spi.RequestContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * The protocol-independent half of serving a request, shared by every connection of a server: checks the
 * token, finds the route (cheap, on the event loop), then runs the endpoint on the business pool. A full
 * pool answers 429 with {@code Retry-After}; nothing is dropped. Never fails: every failure is an error
 * answer.
 */
public final class ApiService {

    /** Seconds a client is asked to wait when the pool is full. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final Router router;
    private final TokenCheck tokens;
    private final Executor pool;

    public ApiService(Router router, TokenCheck tokens, Executor pool) {
        this.router = router;
        this.tokens = tokens;
        this.pool = pool;
    }

    /**
     * Serves one request.
     *
     * @param uri the request target, path and query
     */
    public CompletableFuture<ApiResponse> serve(HttpMethod method, String uri, HttpHeaders headers, byte[] body,
            RequestContext context) {
        QueryStringDecoder target;
        Router.Match match;
        try {
            target = new QueryStringDecoder(uri);
            target.parameters();
            match = router.match(method, target.path());
        } catch (IllegalArgumentException badTarget) {
            return done(ApiResponse.error(HttpError.badRequest("malformed request target: " + badTarget.getMessage())));
        }
        HttpError refused = tokens.refusal(target.path(), headers.get(HttpHeaderNames.AUTHORIZATION));
        if (refused != null) {
            return done(ApiResponse.error(refused, refused.status() == HttpResponseStatus.UNAUTHORIZED
                    ? Map.of("WWW-Authenticate", "Bearer") : Map.of()));
        }
        if (match instanceof Router.Found found) {
            return onPool(found, new ApiRequest(method, target.path(), found.params(), target.parameters(), headers,
                    body, context));
        }
        if (match instanceof Router.MethodNotAllowed wrong) {
            return done(ApiResponse.error(HttpError.of(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                            method + " is not allowed on " + target.path() + "; allowed: " + names(wrong)),
                    Map.of("Allow", names(wrong))));
        }
        return done(ApiResponse.error(HttpError.of(HttpResponseStatus.NOT_FOUND, "ROUTE_NOT_FOUND",
                "no route for " + method + " " + target.path())));
    }

    private CompletableFuture<ApiResponse> onPool(Router.Found found, ApiRequest request) {
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    found.handler().handle(request).whenComplete((response, failure) -> answer.complete(
                            failure == null ? response : ApiResponse.error(ApiException.errorOf(failure))));
                } catch (RuntimeException failure) {
                    answer.complete(ApiResponse.error(ApiException.errorOf(failure)));
                }
            });
        } catch (RejectedExecutionException full) {
            answer.complete(ApiResponse.error(HttpError.of(HttpResponseStatus.TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS",
                    "the gateway's HTTP pool is full; retry in " + RETRY_AFTER_SECONDS + " s"),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS)));
        }
        return answer;
    }

    private static String names(Router.MethodNotAllowed wrong) {
        return wrong.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
