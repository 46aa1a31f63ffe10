package dev.wharf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives one client instance ({@link MessageSender}: the Remoting client or the gRPC SDK) from several threads
 * for a warm-up plus a measured duration, or until a number of sends, and reports what the measured part
 * achieved. All threads share the one instance, as an application would, so they share its connections.
 */
public final class ProducerLoad {

    /** Printed on standard error when the warm-up is over and the measured window opens. */
    public static final String MEASURED_WINDOW_OPENS = "wharf-bench: measured window opens";

    private final ProduceSettings settings;
    private final byte[] body;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicLong sendsLeft;
    private final Semaphore inFlight;
    private MeasurementWindow window;

    public ProducerLoad(ProduceSettings settings) {
        this.settings = settings;
        this.body = randomBody(settings.messageBytes());
        this.sendsLeft = new AtomicLong(settings.messageLimit() > 0 ? settings.messageLimit() : Long.MAX_VALUE);
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /** Opens the client, runs the load to completion, closes the client and summarises the measured window. */
    public ProduceReport run(MessageSender.Opener opener) throws Exception {
        long cpuStart;
        long cpuEnd;
        try (MessageSender sender = opener.open(settings, body)) {
            long start = System.nanoTime();
            window = new MeasurementWindow(start, settings.warmUp());
            long end = start + settings.warmUp().plus(settings.duration()).toNanos();
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                Thread thread = new Thread(() -> sendUntil(sender, end), "wharf-bench-sender-" + i);
                senders.add(thread);
                thread.start();
            }
            long warmUpLeft = settings.warmUp().toNanos() - (System.nanoTime() - start);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, warmUpLeft));
            cpuStart = ProcessCpu.nanos();
            // For scripts that sample the servers' CPU over the same window.
            System.err.println(MEASURED_WINDOW_OPENS);
            for (Thread thread : senders) {
                thread.join(settings.bound().toMillis());
            }
            awaitOutstandingSends();
            cpuEnd = ProcessCpu.nanos();
        }
        Throughput measured = window.throughput();
        return new ProduceReport(settings, measured, latency.summary(), acknowledged.sum(), errors.sum(),
                firstError.get(), ProcessCpu.microsPerMessage(cpuStart, cpuEnd, measured.messages()));
    }

    private void sendUntil(MessageSender sender, long endNanos) {
        while (System.nanoTime() - endNanos < 0 && sendsLeft.getAndDecrement() > 0) {
            if (settings.mode() == SendMode.SYNC) {
                sendSync(sender);
            } else if (!sendAsync(sender)) {
                return;
            }
        }
    }

    private void sendSync(MessageSender sender) {
        long started = System.nanoTime();
        try {
            sender.send();
            completed(started);
        } catch (Exception e) {
            failed(e);
        }
    }

    /** Answers false if the thread was interrupted while waiting for room in the window. */
    private boolean sendAsync(MessageSender sender) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long started = System.nanoTime();
        sender.sendAsync().whenComplete((ignored, e) -> {
            if (e == null) {
                completed(started);
            } else {
                failed(e);
            }
            // Counted before the permit returns, so awaitOutstandingSends sees every send's outcome.
            inFlight.release();
        });
        return true;
    }

    private void completed(long startedNanos) {
        acknowledged.increment();
        long finished = System.nanoTime();
        if (window.record(startedNanos, finished, body.length)) {
            latency.recordNanos(startedNanos, finished);
        }
    }

    private void failed(Throwable e) {
        errors.increment();
        firstError.compareAndSet(null, describe(e));
    }

    /** Every message's body: random bytes, so nothing on the path can profit from compressible bodies. */
    static byte[] randomBody(int size) {
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        return body;
    }

    /** How a report names a failed send: its cause, not the future's wrapper around it. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.toString();
    }

    private void awaitOutstandingSends() throws InterruptedException {
        if (inFlight.tryAcquire(settings.maxInFlight(), settings.sendTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            inFlight.release(settings.maxInFlight());
        }
    }
}
