package dev.wharf.transport.http2.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.RequestContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One API request, read off the wire and detached from Netty's buffers, so it can move to the business pool.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param pathParams the values of the route's {@code {placeholders}}, decoded
 * @param query the query parameters, decoded
 * @param headers the request headers
 * @param body the body; empty when none
 * @param context the client's connection and the time the request was read
 */
public record ApiRequest(HttpMethod method, String path, Map<String, String> pathParams,
        Map<String, List<String>> query, HttpHeaders headers, byte[] body, RequestContext context) {

    /** A route placeholder's value; the router only matches when every one is present. */
    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no placeholder {" + name + "}");
        }
        return value;
    }

    /** The last value of a query parameter; null when absent. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** A whole-number query parameter; {@code defaultValue} when absent, 400 naming it when not a number. */
    public int intQuery(String name, int defaultValue) {
        String value = query(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a whole number, got '" + value + "'");
        }
    }

    /** A duration query parameter ({@link Durations}); {@code defaultValue} when absent. */
    public java.time.Duration durationQuery(String name, java.time.Duration defaultValue) {
        String value = query(name);
        return value == null ? defaultValue : Durations.parse(name, value);
    }

    /** The body as a JSON object: 415 unless the content type is JSON, 400 when it does not parse. */
    public ObjectNode jsonBody() {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !isJson(type)) {
            throw ApiException.of(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "the request body must be application/json, got " + (type == null ? "no Content-Type" : type));
        }
        return Json.parseObject(body);
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
