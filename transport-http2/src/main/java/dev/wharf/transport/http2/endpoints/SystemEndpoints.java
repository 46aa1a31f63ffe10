package dev.wharf.transport.http2.endpoints;

import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.HttpError;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.spi.MetricsExposition;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /health}, {@code GET /metrics} (the gateway's Prometheus exposition: connections, requests,
 * errors and latency per protocol, JVM and process) and {@code GET /v1/openapi.json}, the API's own
 * description, a hand-written OpenAPI 3 document shipped in this module's resources.
 */
final class SystemEndpoints {

    /** Where the OpenAPI document is on the class path. */
    static final String OPENAPI_RESOURCE = "/dev/wharf/transport/http2/openapi.json";

    private final byte[] openApi;
    private final MetricsExposition metrics;

    SystemEndpoints(MetricsExposition metrics) {
        this.openApi = readOpenApi();
        this.metrics = metrics;
    }

    CompletableFuture<ApiResponse> health(ApiRequest request) {
        return CompletableFuture.completedFuture(ApiResponse.ok(Json.object().put("status", "UP")));
    }

    /** The process's metrics in Prometheus text; 404 where the host exports none (a bare transport in a test). */
    CompletableFuture<ApiResponse> metrics(ApiRequest request) {
        if (!metrics.exported()) {
            return CompletableFuture.completedFuture(ApiResponse.error(HttpError.of(HttpResponseStatus.NOT_FOUND,
                    "NOT_FOUND", "this process exports no metrics")));
        }
        return CompletableFuture.completedFuture(new ApiResponse.Full(HttpResponseStatus.OK, metrics.contentType(),
                metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    CompletableFuture<ApiResponse> openApi(ApiRequest request) {
        return CompletableFuture.completedFuture(
                new ApiResponse.Full(HttpResponseStatus.OK, "application/json", openApi, Map.of()));
    }

    private static byte[] readOpenApi() {
        try (InputStream in = SystemEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
