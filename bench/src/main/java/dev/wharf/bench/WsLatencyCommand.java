package dev.wharf.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ws-latency}: delivery latency to a WebSocket subscriber. One connection subscribes (with credits) and
 * acks; another publishes at a fixed rate, each body the publish time in nanoseconds, so the subscriber measures
 * from the publish call to the delivery's arrival in the same process.
 */
@Command(name = "ws-latency", mixinStandardHelpOptions = true,
        description = "Publish over one WebSocket at a fixed rate and measure delivery latency to a subscriber on "
                + "another; print p50/p99/p999.")
public final class WsLatencyCommand implements Callable<Integer> {

    @Option(names = "--address", required = true, description = "Wharf's WebSocket listener, host:port.")
    String address;

    @Option(names = "--topic", required = true, description = "Topic to publish to and subscribe on.")
    String topic;

    @Option(names = "--group", defaultValue = "wharf-bench-ws", description = "Subscriber group (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--rate", defaultValue = "1000", description = "Messages per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Unmeasured time first (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "Measured time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--credits", defaultValue = "256", description = "Deliveries in flight (default ${DEFAULT-VALUE}).")
    int credits;

    @Override
    public Integer call() throws Exception {
        Watchdog.haltAfter(warmUp.plus(duration).plusSeconds(60));
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong delivered = new AtomicLong();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        HttpClient http = HttpClient.newHttpClient();
        WsClient[] subscriber = new WsClient[1];
        subscriber[0] = WsClient.connect(http, address, text -> {
            long now = System.nanoTime();
            String type = WsClient.field(text, "type");
            if ("subscribed".equals(type)) {
                subscribed.countDown();
            } else if ("message".equals(type)) {
                long sentAt = Long.parseLong(WsClient.field(text, "body"));
                if (sentAt >= measureFrom.get()) {
                    latency.recordNanos(sentAt, now);
                    delivered.incrementAndGet();
                }
                // Acking re-grants the credit; the ack's answer needs no wait.
                subscriber[0].send("{\"op\":\"ack\",\"id\":\"a\",\"group\":\"" + group + "\",\"topic\":\"" + topic
                        + "\",\"receiptHandle\":\"" + WsClient.field(text, "receiptHandle") + "\"}").join();
                subscriber[0].send("{\"op\":\"credit\",\"id\":\"c\",\"subscription\":\"" + WsClient.field(text, "subscription")
                        + "\",\"credits\":1}").join();
            } else if ("error".equals(type)) {
                firstError.compareAndSet(null, text);
            }
        });
        subscriber[0].send("{\"op\":\"subscribe\",\"id\":\"s\",\"group\":\"" + group + "\",\"topic\":\"" + topic
                + "\",\"tag\":\"*\",\"credits\":" + credits + ",\"invisibleTime\":30000}").join();
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no answer to the subscription: " + firstError.get());
        }
        AtomicLong published = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        try (WsClient publisher = WsClient.connect(http, address, text -> {
            String type = WsClient.field(text, "type");
            // Only a measured publish carries id "m"; its answer says whether the message was stored.
            if ("published".equals(type) && "m".equals(WsClient.field(text, "id"))) {
                published.incrementAndGet();
            } else if ("error".equals(type) && "m".equals(WsClient.field(text, "id"))) {
                refused.incrementAndGet();
                firstError.compareAndSet(null, text);
            }
        })) {
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            long measureStart = start + warmUp.toNanos();
            long end = measureStart + duration.toNanos();
            long next = start;
            boolean measuring = false;
            while (next < end) {
                LockSupport.parkNanos(next - System.nanoTime());
                if (!measuring && next >= measureStart) {
                    // The clock, not the schedule: a late warm-up send may carry a time past the schedule.
                    measureFrom.set(System.nanoTime());
                    measuring = true;
                }
                publisher.send("{\"op\":\"publish\",\"id\":\"" + (measuring ? "m" : "w") + "\",\"topic\":\""
                        + topic + "\",\"body\":\"" + System.nanoTime() + "\"}").join();
                next += interval;
            }
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (delivered.get() < published.get() && System.nanoTime() < drainUntil) {
                Thread.sleep(10);
            }
        } finally {
            subscriber[0].close();
        }
        LatencySummary summary = latency.summary();
        System.out.printf("ws-latency %s topic %s at %d msg/s: %d of %d delivered, %d refused; latency p50 %.2f ms, "
                        + "p99 %.2f ms, p999 %.2f ms, max %.2f ms%n", address, topic, rate, delivered.get(),
                published.get(), refused.get(),
                summary.p50Micros() / 1000.0, summary.p99Micros() / 1000.0, summary.p999Micros() / 1000.0,
                summary.maxMicros() / 1000.0);
        if (firstError.get() != null) {
            System.out.println("first error: " + firstError.get());
        }
        System.out.println(new JsonLine().put("command", "ws-latency").put("rate", rate)
                .put("published", published.get()).put("delivered", delivered.get()).put("refused", refused.get())
                .put("p50Ms", summary.p50Micros() / 1000.0).put("p99Ms", summary.p99Micros() / 1000.0)
                .put("p999Ms", summary.p999Micros() / 1000.0).put("maxMs", summary.maxMicros() / 1000.0));
        return delivered.get() == published.get() && firstError.get() == null ? 0 : 1;
    }
}
