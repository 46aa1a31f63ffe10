package dev.wharf.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Publishes through Wharf's HTTP JSON API ({@code POST /v1/topics/{topic}/messages}, the body base64) with one
 * JDK {@link HttpClient} on HTTP/2: every sending thread's requests are streams of the same connection. A 200
 * whose result carries a message id is an acknowledgement; anything else is an error.
 */
final class HttpSender implements MessageSender {

    private final HttpClient client;
    private final ExecutorService executor;
    private final HttpRequest request;
    private final Duration timeout;

    private HttpSender(HttpClient client, ExecutorService executor, HttpRequest request, Duration timeout) {
        this.client = client;
        this.executor = executor;
        this.request = request;
        this.timeout = timeout;
    }

    /** Opens the client and sends one message up front, so the HTTP/2 connection is set up before the run. */
    static MessageSender open(ProduceSettings settings, byte[] body) throws Exception {
        LoadTarget target = settings.target();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "wharf-bench-http");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .executor(executor)
                .connectTimeout(Duration.ofSeconds(5));
        if (target.tls()) {
            builder.sslContext(trustAll());
        }
        String json = "{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"encoding\":\"base64\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create((target.tls() ? "https://" : "http://")
                        + target.address() + "/v1/topics/" + target.topic() + "/messages"))
                .timeout(settings.sendTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        HttpSender sender = new HttpSender(builder.build(), executor, request, settings.sendTimeout());
        sender.send();
        return sender;
    }

    @Override
    public void send() throws Exception {
        try {
            sendAsync().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public CompletableFuture<Void> sendAsync() {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(HttpSender::requireStored);
    }

    private static void requireStored(HttpResponse<String> response) {
        if (response.statusCode() != 200 || !response.body().contains("\"messageId\"")
                || response.body().contains("\"error\"")) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.version() + ": "
                    + response.body());
        }
        if (response.version() != HttpClient.Version.HTTP_2) {
            throw new IllegalStateException("the gateway answered over " + response.version() + ", not HTTP/2");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The gateway's development certificate is self-signed; a benchmark trusts it as the gRPC SDK does. */
    private static SSLContext trustAll() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
