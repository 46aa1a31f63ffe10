package dev.wharf.transport.spi;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One protocol's request meters (see {@link TransportMetrics} for names and tags), cheap to record into:
 * a request code finds its counters by binary search over the named codes, each counter is registered on
 * first use and then read from an array, and nothing is allocated per request.
 */
final class RequestMeters {

    static final String REQUEST_TAG = "request";
    static final String OUTCOME_TAG = "outcome";
    static final String KIND_TAG = "kind";
    /** The {@code request} tag of codes without a name, so a client sending random codes cannot add series. */
    static final String OTHER_REQUEST = "other";

    /** The named request codes, ascending; a code's slot is its index here, or {@code CODES.length} for "other". */
    private static final int[] CODES =
            RequestCode.names().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();

    private final MeterRegistry registry;
    private final String protocol;
    private final Clock clock;
    /** Two counters per slot: success at {@code 2 * slot}, error at {@code 2 * slot + 1}. */
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(2 * (CODES.length + 1));
    private final Timer calls;
    private final Timer longPolls;

    RequestMeters(MeterRegistry registry, ProtocolType protocol) {
        this.registry = registry;
        this.protocol = protocol.name();
        this.clock = registry.config().clock();
        // Bucket ranges: a call answers in well under a millisecond in-process and should never take
        // seconds; a long poll is held for up to its timeout (RocketMQ's clients use up to 30 s).
        this.calls = duration("call", Duration.ofNanos(100_000), Duration.ofSeconds(10));
        this.longPolls = duration("long_poll", Duration.ofMillis(1), Duration.ofSeconds(60));
    }

    /** The start of a request, to hand back to {@link #record}. */
    long start() {
        return clock.monotonicTime();
    }

    /**
     * Counts one answered request and times it from {@code startNanos}.
     *
     * @param response the answer, or {@code null} when there is none to send (oneway): a success
     */
    void record(int requestCode, RemotingCommand response, long startNanos) {
        long elapsed = clock.monotonicTime() - startNanos;
        boolean error = response != null && !succeeded(response.code());
        counter(2 * slot(requestCode) + (error ? 1 : 0)).increment();
        (isLongPoll(requestCode) ? longPolls : calls).record(elapsed, TimeUnit.NANOSECONDS);
    }

    /**
     * Whether an answer counts as a success: {@code SUCCESS}, and the empty answers of a read that found
     * nothing yet, which an idle consumer gets all day and which are not failures.
     */
    static boolean succeeded(int responseCode) {
        return switch (responseCode) {
            case ResponseCode.SUCCESS,
                    ResponseCode.PULL_NOT_FOUND,
                    ResponseCode.PULL_RETRY_IMMEDIATELY,
                    ResponseCode.POLLING_TIMEOUT -> true;
            default -> false;
        };
    }

    /** Requests a broker may hold until messages arrive, timed apart so they do not swamp the others' latency. */
    static boolean isLongPoll(int requestCode) {
        return switch (requestCode) {
            case RequestCode.PULL_MESSAGE,
                    RequestCode.LITE_PULL_MESSAGE,
                    RequestCode.POP_MESSAGE,
                    RequestCode.NOTIFICATION,
                    RequestCode.POLLING_INFO -> true;
            default -> false;
        };
    }

    private static int slot(int requestCode) {
        int found = Arrays.binarySearch(CODES, requestCode);
        return found >= 0 ? found : CODES.length;
    }

    private Counter counter(int index) {
        Counter counter = counters.get(index);
        if (counter == null) {
            // Racing threads get the same meter from the registry, so either may store it.
            int slot = index / 2;
            counter = Counter.builder(TransportMetrics.REQUESTS)
                    .description("Requests dispatched to processors")
                    .tag(TransportMetrics.PROTOCOL_TAG, protocol)
                    .tag(REQUEST_TAG, slot < CODES.length ? RequestCode.nameOf(CODES[slot]) : OTHER_REQUEST)
                    .tag(OUTCOME_TAG, index % 2 == 0 ? "success" : "error")
                    .register(registry);
            counters.set(index, counter);
        }
        return counter;
    }

    private Timer duration(String kind, Duration fastest, Duration slowest) {
        return Timer.builder(TransportMetrics.REQUEST_DURATION)
                .description("Time from dispatch to answer")
                .tag(TransportMetrics.PROTOCOL_TAG, protocol)
                .tag(KIND_TAG, kind)
                .publishPercentileHistogram()
                .minimumExpectedValue(fastest)
                .maximumExpectedValue(slowest)
                .register(registry);
    }
}
