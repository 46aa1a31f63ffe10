package dev.wharf.transport.remoting;

import java.time.Duration;

/**
 * The requests of one end that are being served: counted from dispatch until their answer is written (or,
 * for oneway requests, until processed), so a draining server knows when closing loses nothing.
 */
final class InFlightRequests {

    private int count;

    synchronized void started() {
        count++;
    }

    synchronized void finished() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** Waits until no request is in flight, for at most {@code timeout}; returns whether none is. */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int count() {
        return count;
    }
}
