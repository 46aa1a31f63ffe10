package dev.wharf.bench;

import java.time.Duration;

/**
 * Keeps a run bounded in time even if the client hangs (a broker that stops answering, a shutdown that
 * waits forever): after the bound, the JVM halts with exit code 3.
 */
public final class Watchdog {

    /** Exit code of a run the watchdog ended. */
    public static final int TIMED_OUT = 3;

    private Watchdog() {}

    /** Starts a daemon thread that halts the JVM once {@code bound} has passed. */
    public static void haltAfter(Duration bound) {
        Thread guard = new Thread(
                () -> {
                    try {
                        Thread.sleep(bound.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.err.println("wharf-bench: run exceeded its bound of " + bound + ", halting");
                    Runtime.getRuntime().halt(TIMED_OUT);
                },
                "wharf-bench-watchdog");
        guard.setDaemon(true);
        guard.start();
    }
}
