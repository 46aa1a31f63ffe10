package dev.wharf.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Drains a topic with the official {@link DefaultMQPushConsumer} under a fresh group (pulling, or in POP
 * mode with an ack per message), starting at the first offset, until the backlog is gone (no message for {@link ConsumeSettings#idle()}), the expected
 * count arrived, or the duration is up. The measured window opens at the first message plus the warm-up,
 * so subscription and rebalancing time does not count against the rate (it is reported separately).
 */
public final class DrainLoad {

    private static final long POLL_MILLIS = 50;

    private final ConsumeSettings settings;
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final LongAdder delivered = new LongAdder();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private volatile MeasurementWindow window;
    private volatile long firstArrivalNanos;

    public DrainLoad(ConsumeSettings settings) {
        this.settings = settings;
    }

    /** Runs the drain to completion and summarises the measured window. */
    public ConsumeReport run() throws MQClientException, InterruptedException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(settings.consumerGroup());
        consumer.setNamesrvAddr(settings.target().nameServer());
        consumer.setInstanceName("wharf-bench-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(settings.consumeThreads());
        consumer.setConsumeThreadMax(settings.consumeThreads());
        if (settings.mode() == ConsumeMode.POP) {
            PopAssignment.requestPop(settings.target().nameServer(), settings.target().topic(), settings.consumerGroup());
            consumer.setClientRebalance(false);
        }
        consumer.subscribe(settings.target().topic(), "*");
        consumer.registerMessageListener(this::consume);
        long started = System.nanoTime();
        consumer.start();
        try {
            awaitDrained(started);
        } finally {
            consumer.shutdown();
        }
        MeasurementWindow measured = window;
        Throughput throughput = measured == null ? new Throughput(0, 0, 0) : measured.throughput();
        long firstMillis = measured == null ? -1 : TimeUnit.NANOSECONDS.toMillis(firstArrivalNanos - started);
        return new ConsumeReport(settings, throughput, endToEnd.summary(), firstMillis, delivered.sum());
    }

    private ConsumeConcurrentlyStatus consume(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        // Before the window exists, so the idle check never sees a window without an arrival time.
        lastArrivalNanos.accumulateAndGet(System.nanoTime(), Math::max);
        MeasurementWindow measured = windowStartingAt(System.nanoTime());
        // Read after the window exists, so no arrival can predate its start and be lost.
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (MessageExt message : messages) {
            delivered.increment();
            // Each message "starts" when it arrives: the window decides whether the warm-up is over.
            if (measured.record(nowNanos, nowNanos, message.getBody().length)) {
                endToEnd.recordMicros(TimeUnit.MILLISECONDS.toMicros(nowMillis - message.getBornTimestamp()));
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    private MeasurementWindow windowStartingAt(long nowNanos) {
        MeasurementWindow measured = window;
        if (measured == null) {
            synchronized (this) {
                if (window == null) {
                    firstArrivalNanos = nowNanos;
                    window = new MeasurementWindow(nowNanos, settings.warmUp());
                }
                measured = window;
            }
        }
        return measured;
    }

    private void awaitDrained(long startedNanos) throws InterruptedException {
        long deadline = startedNanos + settings.duration().toNanos();
        long idleNanos = settings.idle().toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (window != null && System.nanoTime() - lastArrivalNanos.get() > idleNanos) {
                return;
            }
            if (settings.expectedMessages() > 0 && delivered.sum() >= settings.expectedMessages()) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
