package dev.wharf.bench;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/**
 * Drains a topic with the official {@link DefaultMQPushConsumer} under a fresh group (pulling, or in POP
 * mode with an ack per message), starting at the first offset, until the backlog is gone (no message for
 * {@link DrainLimits#idle()}), the expected count arrived, or the duration is up.
 */
public final class DrainLoad {

    private final ConsumeSettings settings;

    public DrainLoad(ConsumeSettings settings) {
        this.settings = settings;
    }

    /** Runs the drain to completion and summarises the measured window. */
    public ConsumeReport run() throws MQClientException, InterruptedException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(settings.consumerGroup());
        consumer.setNamesrvAddr(settings.target().address());
        consumer.setInstanceName("wharf-bench-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(settings.threads());
        consumer.setConsumeThreadMax(settings.threads());
        if (settings.mode() == ConsumeMode.POP) {
            PopAssignment.requestPop(settings.target().address(), settings.target().topic(), settings.consumerGroup());
            consumer.setClientRebalance(false);
            consumer.setPopThresholdForQueue(settings.popThreshold());
        }
        consumer.subscribe(settings.target().topic(), "*");
        Arrivals arrivals = new Arrivals(settings.limits());
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            arrivals.record(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            arrivals.awaitOver();
        } finally {
            consumer.shutdown();
        }
        return new ConsumeReport(settings, arrivals.result());
    }
}
