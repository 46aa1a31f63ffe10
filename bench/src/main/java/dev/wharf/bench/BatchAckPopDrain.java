package dev.wharf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.AckCallback;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.PopCallback;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.constant.ConsumeInitMode;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.header.ExtraInfoUtil;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * Drains a topic by POP the lean way a gRPC proxy consumes for its clients: one POP_MESSAGE request in
 * flight per queue of each broker, each batch acknowledged with one BATCH_ACK_MESSAGE, nothing else in the client. Sent
 * with the official client's wire code ({@link MQClientAPIImpl}); it shows what the server's POP path costs
 * without the per-message ack of the 5.x push consumer.
 */
final class BatchAckPopDrain {

    private static final int BATCH = 32;
    private static final long INVISIBLE_MILLIS = 60_000;
    private static final long POLL_MILLIS = 1_000;
    private static final long TIMEOUT_MILLIS = 5_000;

    private final ConsumeSettings settings;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private MQClientAPIImpl api;
    private Arrivals arrivals;

    BatchAckPopDrain(ConsumeSettings settings) {
        this.settings = settings;
    }

    /** Runs the drain to completion and summarises the measured window. */
    ConsumeReport run() throws MQClientException, InterruptedException {
        Throwable failed;
        try (RemotingApi remoting = RemotingApi.start(settings.target().address(), "pop")) {
            api = remoting.calls();
            TopicRouteData route = route();
            arrivals = new Arrivals(settings.limits());
            for (BrokerData broker : route.getBrokerDatas()) {
                // As many POPs in flight as the broker has queues: the pull consumer keeps one pull per queue.
                int inFlight = route.getQueueDatas().stream()
                        .filter(queues -> queues.getBrokerName().equals(broker.getBrokerName()))
                        .mapToInt(QueueData::getReadQueueNums)
                        .sum();
                for (int i = 0; i < inFlight; i++) {
                    pop(broker.getBrokerName(), broker.getBrokerAddrs().get(MixAll.MASTER_ID));
                }
            }
            arrivals.awaitOver(() -> failure.get() != null);
            // Requests still in flight fail once the client shuts down; only earlier failures count.
            failed = failure.get();
        }
        if (failed != null) {
            throw new MQClientException("POP drain failed", failed);
        }
        return new ConsumeReport(settings, arrivals.result());
    }

    private TopicRouteData route() throws MQClientException {
        try {
            return api.getTopicRouteInfoFromNameServer(settings.target().topic(), TIMEOUT_MILLIS);
        } catch (Exception e) {
            throw new MQClientException("no route for " + settings.target().topic(), e);
        }
    }

    /** One POP; its answer acks the batch and sends the next POP, until the drain is over. */
    private void pop(String brokerName, String address) {
        if (arrivals.over() || failure.get() != null) {
            return;
        }
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(settings.consumerGroup());
        header.setTopic(settings.target().topic());
        header.setQueueId(-1);
        header.setMaxMsgNums(BATCH);
        header.setInvisibleTime(INVISIBLE_MILLIS);
        header.setPollTime(POLL_MILLIS);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(ConsumeInitMode.MIN);
        header.setExpType(ExpressionType.TAG);
        header.setExp("*");
        header.setBrokerName(brokerName);
        try {
            api.popMessageAsync(brokerName, address, header, POLL_MILLIS + TIMEOUT_MILLIS, new PopCallback() {
                @Override
                public void onSuccess(PopResult result) {
                    if (result.getPopStatus() == PopStatus.FOUND) {
                        arrivals.record(result.getMsgFoundList());
                        ackAll(address, result.getMsgFoundList());
                    }
                    pop(brokerName, address);
                }

                @Override
                public void onException(Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /** One BATCH_ACK_MESSAGE per real topic (the original, or the retry topic a receipt names). */
    private void ackAll(String address, List<MessageExt> messages) {
        String group = settings.consumerGroup();
        Map<String, List<String>> receiptsByTopic = messages.stream().collect(Collectors.groupingBy(
                message -> ExtraInfoUtil.getRealTopic(
                        ExtraInfoUtil.split(message.getProperty(MessageConst.PROPERTY_POP_CK)), message.getTopic(), group),
                Collectors.mapping(message -> message.getProperty(MessageConst.PROPERTY_POP_CK),
                        Collectors.toCollection(ArrayList::new))));
        receiptsByTopic.forEach((topic, receipts) -> {
            try {
                api.batchAckMessageAsync(address, TIMEOUT_MILLIS, new AckCallback() {
                    @Override
                    public void onSuccess(AckResult result) {}

                    @Override
                    public void onException(Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, topic, group, receipts);
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        });
    }
}
