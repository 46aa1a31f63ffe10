package dev.wharf.bench;

/**
 * What passed through in a measured window: a message count and byte count over an elapsed time.
 *
 * @param messages messages counted in the window
 * @param bytes body bytes counted in the window
 * @param elapsedNanos length of the window
 */
public record Throughput(long messages, long bytes, long elapsedNanos) {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    public Throughput {
        if (messages < 0 || bytes < 0 || elapsedNanos < 0) {
            throw new IllegalArgumentException("counts and elapsed time must not be negative");
        }
    }

    /** Messages per second; 0 for an empty window rather than a division by zero. */
    public double messagesPerSecond() {
        return elapsedNanos == 0 ? 0 : messages * NANOS_PER_SECOND / elapsedNanos;
    }

    /** Body mebibytes (2^20 bytes) per second; 0 for an empty window. */
    public double mebibytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytes / BYTES_PER_MIB * NANOS_PER_SECOND / elapsedNanos;
    }

    /** The window's length in seconds. */
    public double elapsedSeconds() {
        return elapsedNanos / NANOS_PER_SECOND;
    }
}
