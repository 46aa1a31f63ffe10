package dev.wharf.bench;

/**
 * The set-up times of one address's connections in a {@code connect} run, and the CPU this client spent on each.
 * A connection during which the client's JVM collected garbage measures the client, not the server: it is
 * counted apart and left out of the percentiles.
 */
final class SetupSamples {

    private final String address;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder clientCpu = new LatencyRecorder();
    private int duringClientGc;

    SetupSamples(String address) {
        this.address = address;
    }

    void record(long startNanos, long endNanos, long cpuStartNanos, long cpuEndNanos, boolean clientCollected) {
        if (clientCollected) {
            duringClientGc++;
        } else {
            latency.recordNanos(startNanos, endNanos);
            clientCpu.recordNanos(cpuStartNanos, cpuEndNanos);
        }
    }

    String address() {
        return address;
    }

    int duringClientGc() {
        return duringClientGc;
    }

    LatencySummary latency() {
        return latency.summary();
    }

    LatencySummary clientCpu() {
        return clientCpu.summary();
    }
}
