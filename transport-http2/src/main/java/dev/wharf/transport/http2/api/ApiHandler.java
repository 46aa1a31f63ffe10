package dev.wharf.transport.http2.api;

import java.util.concurrent.CompletableFuture;

/**
 * One endpoint. Runs on the business pool and must not block it: long work (a long poll, a broker call) is a
 * future. May throw {@link ApiException} or {@code MessagingException}, or fail the future with them; either
 * becomes the fitting error answer.
 */
@FunctionalInterface
public interface ApiHandler {

    CompletableFuture<ApiResponse> handle(ApiRequest request);
}
