package dev.wharf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Drives one official {@link DefaultMQProducer} from several threads for a warm-up plus a measured
 * duration, and reports what the measured part achieved. All threads share one client instance, as an
 * application would, so they share its connection to each broker.
 */
public final class ProducerLoad {

    private final ProduceSettings settings;
    private final byte[] body;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Semaphore inFlight;
    private MeasurementWindow window;

    public ProducerLoad(ProduceSettings settings) {
        this.settings = settings;
        this.body = new byte[settings.messageBytes()];
        // Random bytes so nothing on the path can profit from compressible bodies.
        ThreadLocalRandom.current().nextBytes(body);
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /** Runs the load to completion and summarises the measured window. */
    public ProduceReport run() throws MQClientException, InterruptedException {
        DefaultMQProducer producer = new DefaultMQProducer(settings.producerGroup());
        producer.setNamesrvAddr(settings.target().nameServer());
        producer.setSendMsgTimeout((int) settings.sendTimeout().toMillis());
        producer.setInstanceName("wharf-bench-" + ProcessHandle.current().pid());
        producer.start();
        long cpuStart;
        long cpuEnd;
        try {
            long start = System.nanoTime();
            window = new MeasurementWindow(start, settings.warmUp());
            long end = start + settings.warmUp().plus(settings.duration()).toNanos();
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                Thread sender = new Thread(() -> sendUntil(producer, end), "wharf-bench-sender-" + i);
                senders.add(sender);
                sender.start();
            }
            TimeUnit.NANOSECONDS.sleep(settings.warmUp().toNanos() - (System.nanoTime() - start));
            cpuStart = ProcessCpu.nanos();
            for (Thread sender : senders) {
                sender.join(settings.bound().toMillis());
            }
            awaitOutstandingSends();
            cpuEnd = ProcessCpu.nanos();
        } finally {
            producer.shutdown();
        }
        Throughput measured = window.throughput();
        return new ProduceReport(settings, measured, latency.summary(), acknowledged.sum(), errors.sum(),
                firstError.get(), ProcessCpu.microsPerMessage(cpuStart, cpuEnd, measured.messages()));
    }

    private void sendUntil(DefaultMQProducer producer, long endNanos) {
        while (System.nanoTime() - endNanos < 0) {
            Message message = new Message(settings.target().topic(), body);
            if (settings.mode() == SendMode.SYNC) {
                sendSync(producer, message);
            } else if (!sendAsync(producer, message)) {
                return;
            }
        }
    }

    private void sendSync(DefaultMQProducer producer, Message message) {
        long started = System.nanoTime();
        try {
            completed(started, producer.send(message));
        } catch (Exception e) {
            failed(e);
        }
    }

    /** Answers false if the thread was interrupted while waiting for room in the window. */
    private boolean sendAsync(DefaultMQProducer producer, Message message) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long started = System.nanoTime();
        try {
            producer.send(message, new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    inFlight.release();
                    completed(started, result);
                }

                @Override
                public void onException(Throwable e) {
                    inFlight.release();
                    failed(e);
                }
            });
        } catch (Exception e) {
            inFlight.release();
            failed(e);
        }
        return true;
    }

    private void completed(long startedNanos, SendResult result) {
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            failed(new IllegalStateException("send status " + result.getSendStatus()));
            return;
        }
        acknowledged.increment();
        long finished = System.nanoTime();
        if (window.record(startedNanos, finished, body.length)) {
            latency.recordNanos(startedNanos, finished);
        }
    }

    private void failed(Throwable e) {
        errors.increment();
        firstError.compareAndSet(null, e.toString());
    }

    private void awaitOutstandingSends() throws InterruptedException {
        if (inFlight.tryAcquire(settings.maxInFlight(), settings.sendTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            inFlight.release(settings.maxInFlight());
        }
    }
}
