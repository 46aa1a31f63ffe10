package dev.wharf.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Sends timer messages whose delivery times ({@code setDeliverTimeMs}) are spread evenly over
 * [send + min-delay, send + max-delay], consumes them with a push consumer, and records per message how
 * late it was: store time in its real topic minus the asked time (the broker's punctuality), and receive
 * time minus the asked time (what an application sees). Early deliveries and duplicates are counted.
 */
public final class TimerLoad {

    private static final long POLL_MILLIS = 100;

    private final TimerSettings settings;
    private final LatencyRecorder storedLate = new LatencyRecorder();
    private final LatencyRecorder receivedLate = new LatencyRecorder();
    private final LongAdder early = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final LongAdder sendFailures = new LongAdder();

    public TimerLoad(TimerSettings settings) {
        this.settings = settings;
    }

    public TimerReport run() throws Exception {
        String nameServer = settings.target().nameServer();
        TopicCreator.createDelayTopic(nameServer, settings.target().topic(), settings.queues());
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(settings.consumerGroup());
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName("wharf-bench-timer-consumer-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(settings.target().topic(), "*");
        consumer.registerMessageListener(this::consume);
        consumer.start();
        DefaultMQProducer producer = new DefaultMQProducer("wharf-bench-timer-producer");
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("wharf-bench-timer-producer-" + ProcessHandle.current().pid());
        producer.start();
        long sendNanos;
        try {
            long started = System.nanoTime();
            send(producer);
            sendNanos = System.nanoTime() - started;
            awaitDelivered();
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
        return new TimerReport(settings, new Throughput(settings.messages() - sendFailures.sum(),
                (settings.messages() - sendFailures.sum()) * (long) settings.size(), sendNanos),
                seen.size(), early.sum(), duplicates.sum(), sendFailures.sum(), storedLate.summary(),
                receivedLate.summary());
    }

    private void send(DefaultMQProducer producer) throws InterruptedException {
        byte[] body = new byte[settings.size()];
        Arrays.fill(body, (byte) 't');
        long minMillis = settings.minDelay().toMillis();
        long spreadMillis = settings.maxDelay().toMillis() - minMillis;
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        for (int i = 0; i < settings.messages(); i++) {
            Message message = new Message(settings.target().topic(), body);
            // Even spread, in an order unrelated to the send order (a stride coprime with most counts).
            long offset = settings.messages() == 1 ? 0 : (i * 7_919L % settings.messages()) * spreadMillis
                    / (settings.messages() - 1);
            message.setDeliverTimeMs(System.currentTimeMillis() + minMillis + offset);
            inFlight.acquire();
            try {
                producer.send(message, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        inFlight.release();
                    }

                    @Override
                    public void onException(Throwable failure) {
                        sendFailures.increment();
                        inFlight.release();
                    }
                });
            } catch (Exception e) {
                sendFailures.increment();
                inFlight.release();
            }
        }
        inFlight.acquire(settings.maxInFlight());
    }

    private ConsumeConcurrentlyStatus consume(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        long now = System.currentTimeMillis();
        for (MessageExt message : messages) {
            long asked = Long.parseLong(message.getProperty(MessageConst.PROPERTY_TIMER_DELIVER_MS));
            if (!seen.add(message.getMsgId())) {
                duplicates.increment();
                continue;
            }
            if (message.getStoreTimestamp() < asked) {
                early.increment();
            }
            storedLate.recordMicros(TimeUnit.MILLISECONDS.toMicros(message.getStoreTimestamp() - asked));
            receivedLate.recordMicros(TimeUnit.MILLISECONDS.toMicros(now - asked));
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    private void awaitDelivered() throws InterruptedException {
        long expected = settings.messages() - sendFailures.sum();
        long deadline = System.nanoTime() + settings.drainBound().toNanos();
        while (seen.size() < expected && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
        }
    }
}
