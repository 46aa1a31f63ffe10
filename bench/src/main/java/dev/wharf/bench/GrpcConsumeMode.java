package dev.wharf.bench;

/**
 * How a gRPC drain receives with the 5.x SDK.
 *
 * <ul>
 *   <li>{@code simple}: a {@code SimpleConsumer}; a few receive calls in flight, each batch acknowledged message by
 *       message before the next receive ({@link SimpleConsumerDrain});</li>
 *   <li>{@code push}: a {@code PushConsumer}; the SDK receives, caches and acknowledges, a listener counts
 *       ({@link PushConsumerDrain}).</li>
 * </ul>
 */
public enum GrpcConsumeMode {
    /** Four receive calls in flight: enough to keep a server busy without a deep queue of waiting batches. */
    SIMPLE(4),
    /** The SDK's own default of consumption threads. */
    PUSH(20);

    private final int defaultThreads;

    GrpcConsumeMode(int defaultThreads) {
        this.defaultThreads = defaultThreads;
    }

    /** Consumption threads (push) or receive calls in flight (simple) when the command line names none. */
    int defaultThreads() {
        return defaultThreads;
    }
}
