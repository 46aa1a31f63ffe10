package dev.wharf.gateway.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.ThreadSettings;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ResponseCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-protocol isolation, proven on a real gateway: HTTP is flooded with slow requests until its own small
 * pool refuses them with 429, and meanwhile every Remoting SEND_MESSAGE still succeeds. The Remoting round
 * trips' p50 and p99 before and during the flood are logged and published as report entries; they are
 * recorded, not asserted, because speed on a shared 2-core machine is for benchmarks.
 *
 * <p>A flood request is a 64-message batch of about 1 MiB of JSON with base64 bodies, whose last message
 * has an unknown encoding: the {@code http} pool parses and decodes the whole batch before refusing it with
 * 400, so the flood costs what a heavy publish costs and stores nothing.
 */
class ProtocolIsolationTest {

    private static final Logger log = LoggerFactory.getLogger(ProtocolIsolationTest.class);
    private static final String TOPIC = "isolation";
    private static final int FLOODERS = 16;
    private static final int MEASURED_SENDS = 300;
    private static final Duration MEASURE_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private LocalGateway gateway;
    private RemotingTestClient remoting;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    private final AtomicBoolean flooding = new AtomicBoolean();
    private final Map<Integer, LongAdder> floodAnswers = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        GatewayConfig defaults = TestGateway.config(dataDir);
        ListenerConfig remotingListener = defaults.listeners().get(0);
        ListenerConfig httpListener = new ListenerConfig("http", "127.0.0.1", 0, List.of(ProtocolType.HTTP),
                Optional.empty(), Map.of("businessThreads", "1", "businessQueue", "2"));
        gateway = LocalGateway.start(new GatewayConfig(defaults.mode(), List.of(remotingListener, httpListener),
                defaults.store(), defaults.broker(), new ThreadSettings(2, 2, 2, 1, 2, 1, 1_000)));
        remoting = new RemotingTestClient(gateway.listeners().get(0).address());
    }

    @AfterEach
    void stop() {
        flooding.set(false);
        remoting.close();
        gateway.close();
    }

    @Test
    void remotingSendsAllSucceedWhileHttpIsFloodedPastItsPool(TestReporter report) {
        measureRemotingSends(50);
        long[] before = measureRemotingSends(MEASURED_SENDS);

        List<CompletableFuture<Void>> flooders = startHttpFlood(URI.create(
                "http://127.0.0.1:" + gateway.listeners().get(1).port() + "/v1/topics/" + TOPIC + "/messages"));
        await().atMost(Duration.ofSeconds(10)).until(() -> answered(429) > 0);
        long refusedBefore = answered(429);
        // At least as many sends as before, and on until HTTP has refused again meanwhile: 300 fast sends can
        // fit between two of the flood's refusals.
        long[] during = measureRemotingSends(MEASURED_SENDS, () -> answered(429) > refusedBefore);
        long refusedDuring = answered(429) - refusedBefore;
        flooding.set(false);
        CompletableFuture.allOf(flooders.toArray(CompletableFuture[]::new)).join();

        // The flood was saturating HTTP's own pool while the sends were measured, and was answered, never dropped.
        assertThat(refusedDuring).as("429s while Remoting was measured").isPositive();
        assertThat(floodAnswers.keySet()).as("every flood answer is a refusal in HTTP's own terms")
                .containsOnly(400, 429);
        String summary = String.format(
                "Remoting SEND_MESSAGE round trips, %d before and %d during the HTTP flood: p50 %.2f -> %.2f ms,"
                        + " p99 %.2f -> %.2f ms; flood answers %s (%d refused 429 while measuring)",
                before.length, during.length, percentile(before, 50), percentile(during, 50),
                percentile(before, 99), percentile(during, 99), floodAnswers, refusedDuring);
        log.info(summary);
        report.publishEntry("remoting.p99.before.ms", String.format("%.2f", percentile(before, 99)));
        report.publishEntry("remoting.p99.during.ms", String.format("%.2f", percentile(during, 99)));
        report.publishEntry("isolation", summary);
    }

    /** Sends {@code count} messages one after another; each must succeed. Answers their round trips in nanoseconds. */
    private long[] measureRemotingSends(int count) {
        return measureRemotingSends(count, () -> true);
    }

    /**
     * As {@link #measureRemotingSends(int)}, going on past {@code count} until {@code until} holds, for at most
     * {@link #MEASURE_LIMIT}.
     */
    private long[] measureRemotingSends(int count, BooleanSupplier until) {
        long[] nanos = new long[count];
        long deadline = System.nanoTime() + MEASURE_LIMIT.toNanos();
        int sent = 0;
        while (sent < count || !until.getAsBoolean() && System.nanoTime() < deadline) {
            if (sent == nanos.length) {
                nanos = Arrays.copyOf(nanos, nanos.length * 2);
            }
            long start = System.nanoTime();
            int code = remoting.send(TOPIC, 0, "iso", "message " + sent).code();
            nanos[sent] = System.nanoTime() - start;
            assertThat(code).as("Remoting send %d", sent).isEqualTo(ResponseCode.SUCCESS);
            sent++;
        }
        return Arrays.copyOf(nanos, sent);
    }

    /** {@value #FLOODERS} chains of back-to-back heavy publishes, each answered before the next is sent. */
    private List<CompletableFuture<Void>> startHttpFlood(URI publish) {
        HttpRequest heavy = HttpRequest.newBuilder(publish)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(heavyBatch()))
                .build();
        flooding.set(true);
        return IntStream.range(0, FLOODERS).mapToObj(i -> flood(heavy)).toList();
    }

    private CompletableFuture<Void> flood(HttpRequest request) {
        if (!flooding.get()) {
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenCompose(response -> {
                    floodAnswers.computeIfAbsent(response.statusCode(), status -> new LongAdder()).increment();
                    return flood(request);
                });
    }

    private long answered(int status) {
        LongAdder count = floodAnswers.get(status);
        return count == null ? 0 : count.sum();
    }

    /** 63 messages with 12 KiB base64 bodies, then one with an encoding the API does not know. */
    private static String heavyBatch() {
        byte[] bytes = new byte[12 << 10];
        ThreadLocalRandom.current().nextBytes(bytes);
        String body = Base64.getEncoder().encodeToString(bytes);
        StringBuilder batch = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < 63; i++) {
            batch.append("{\"body\": \"").append(body).append("\", \"encoding\": \"base64\", \"tag\": \"flood\"},");
        }
        return batch.append("{\"body\": \"x\", \"encoding\": \"rot13\"}]}").toString();
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }
}
