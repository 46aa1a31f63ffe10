package dev.wharf.transport.http2.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a method and path to an endpoint. Templates are literal segments and {@code {name}} placeholders,
 * each matching one non-empty segment, percent-decoded:
 *
 * <pre>{@code
 * Router router = new Router()
 *         .add(HttpMethod.POST, "/v1/topics/{topic}/messages", publish::handle);
 * Router.Match match = router.match(HttpMethod.POST, "/v1/topics/orders/messages");
 * if (match instanceof Router.Found found) {
 *     found.handler().handle(...);   // found.params() = {topic=orders}
 * }                                  // else Router.MethodNotAllowed (with the allowed methods) or Router.NotFound
 * }</pre>
 */
public final class Router {

    /** One route: a method, its template, and the endpoint. */
    public record Route(HttpMethod method, String template, ApiHandler handler) {}

    /** What a path matched. */
    public sealed interface Match {}

    /** A route matched: its endpoint and placeholder values. */
    public record Found(Route route, Map<String, String> params) implements Match {
        public ApiHandler handler() {
            return route.handler();
        }
    }

    /** The path names a resource, but not for this method. */
    public record MethodNotAllowed(Set<HttpMethod> allowed) implements Match {}

    /** No route has this path. */
    public record NotFound() implements Match {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(HttpMethod method, String template, ApiHandler handler) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a route template starts with /: " + template);
        }
        for (Route route : routes) {
            if (route.method().equals(method) && route.template().equals(template)) {
                throw new IllegalArgumentException("route " + method + " " + template + " is already registered");
            }
        }
        routes.add(new Route(method, template, handler));
        return this;
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Match match(HttpMethod method, String path) {
        String[] segments = segments(path);
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(segments(route.template()), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Found(route, params);
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /** The placeholder values when {@code path} fits {@code template}; null when it does not. */
    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), decoded(path[i]));
            } else if (!part.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    /**
     * A percent-decoded segment ('+' stays a plus: it means a space only in queries). A segment that is not
     * valid percent-encoding (RocketMQ's {@code %RETRY%} names sent unescaped) is taken as written.
     */
    private static String decoded(String segment) {
        try {
            return QueryStringDecoder.decodeComponent(segment.replace("+", "%2B"));
        } catch (IllegalArgumentException notEncoded) {
            return segment;
        }
    }

    private static String[] segments(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(1).split("/", -1);
    }
}
