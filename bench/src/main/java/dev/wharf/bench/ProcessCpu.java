package dev.wharf.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads together. On a small machine the client and the server share
 * the cores, so how much CPU the client itself burns per message bounds what any server can show.
 */
public final class ProcessCpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    /** Process CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    public static long nanos() {
        return OS.getProcessCpuTime();
    }

    /** CPU microseconds per message between two {@link #nanos()} readings; -1 if unknown or nothing was counted. */
    public static double microsPerMessage(long startNanos, long endNanos, long messages) {
        if (startNanos < 0 || endNanos < startNanos || messages <= 0) {
            return -1;
        }
        return (endNanos - startNanos) / 1000.0 / messages;
    }
}
