package dev.wharf.compat.v5;

import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.v5.PopAnswers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.client.consumer.AckCallback;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.constant.ConsumeInitMode;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.header.AckMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ChangeInvisibleTimeRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ExtraInfoUtil;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * POP_MESSAGE, ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME sent by the official 5.x client's own wire
 * code ({@link MQClientAPIImpl}, which its push consumer uses too), for what {@code DefaultMQPushConsumer}
 * does not expose: FIFO pops, an invisible time of the test's choosing, and knowing which acks the server
 * confirmed. Each call waits for its answer. Pops from the first broker of a topic's route.
 */
final class PopClient implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_BATCH = 32;

    private final DefaultMQProducer carrier;
    private final MQClientAPIImpl api;
    private final Map<String, Broker> brokersByTopic = new ConcurrentHashMap<>();
    private final Map<String, String> addressesByName = new ConcurrentHashMap<>();

    private PopClient(DefaultMQProducer carrier) {
        this.carrier = carrier;
        this.api = carrier.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /** A client instance of its own (a started producer lends it the connection and the API object). */
    static PopClient start(String nameServer) throws MQClientException {
        DefaultMQProducer carrier = new DefaultMQProducer(Names.unique("PID_pop"));
        carrier.setNamesrvAddr(nameServer);
        carrier.setInstanceName(Names.unique("pop"));
        carrier.start();
        return new PopClient(carrier);
    }

    /**
     * One POP_MESSAGE on any queue of {@code topic} (queue id -1), long-polling up to {@code pollMillis}.
     *
     * @param order FIFO mode: the server hands out a queue's next batch only once the previous one is acked
     * @return the messages found, each with its receipt ({@code POP_CK}); empty when none came in time
     */
    List<MessageExt> pop(String topic, String group, long invisibleMillis, long pollMillis, boolean order)
            throws Exception {
        Broker broker = broker(topic);
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(-1);
        header.setMaxMsgNums(MAX_BATCH);
        header.setInvisibleTime(invisibleMillis);
        header.setPollTime(pollMillis);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(ConsumeInitMode.MIN);
        header.setExpType(ExpressionType.TAG);
        header.setExp("*");
        header.setOrder(order);
        header.setBrokerName(broker.name());
        CompletableFuture<PopResult> answer = new CompletableFuture<>();
        api.popMessageAsync(broker.name(), broker.address(), header, pollMillis + REQUEST_TIMEOUT_MILLIS,
                PopAnswers.completing(answer));
        PopResult result = await(answer, pollMillis + REQUEST_TIMEOUT_MILLIS);
        return result.getPopStatus() == PopStatus.FOUND ? result.getMsgFoundList() : List.of();
    }

    /** ACK_MESSAGE for one popped message, on the real topic its receipt names (original or retry). */
    AckStatus ack(MessageExt message, String group) throws Exception {
        String[] receipt = receipt(message);
        AckMessageRequestHeader header = new AckMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(ExtraInfoUtil.getRealTopic(receipt, message.getTopic(), group));
        header.setQueueId(ExtraInfoUtil.getQueueId(receipt));
        header.setOffset(ExtraInfoUtil.getQueueOffset(receipt));
        header.setExtraInfo(message.getProperty(MessageConst.PROPERTY_POP_CK));
        header.setBrokerName(ExtraInfoUtil.getBrokerName(receipt));
        CompletableFuture<AckResult> answer = new CompletableFuture<>();
        api.ackMessageAsync(address(receipt), REQUEST_TIMEOUT_MILLIS, callback(answer), header);
        return await(answer, REQUEST_TIMEOUT_MILLIS).getStatus();
    }

    /**
     * CHANGE_MESSAGE_INVISIBLETIME: the message becomes visible again {@code invisibleMillis} from now. The old
     * receipt is dead afterwards; the message's {@code POP_CK} is replaced by the new one the answer gives.
     */
    AckStatus changeInvisibleTime(MessageExt message, String group, long invisibleMillis) throws Exception {
        String[] receipt = receipt(message);
        ChangeInvisibleTimeRequestHeader header = new ChangeInvisibleTimeRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(ExtraInfoUtil.getRealTopic(receipt, message.getTopic(), group));
        header.setQueueId(ExtraInfoUtil.getQueueId(receipt));
        header.setOffset(ExtraInfoUtil.getQueueOffset(receipt));
        header.setExtraInfo(message.getProperty(MessageConst.PROPERTY_POP_CK));
        header.setInvisibleTime(invisibleMillis);
        header.setBrokerName(ExtraInfoUtil.getBrokerName(receipt));
        CompletableFuture<AckResult> answer = new CompletableFuture<>();
        api.changeInvisibleTimeAsync(ExtraInfoUtil.getBrokerName(receipt), address(receipt), header, REQUEST_TIMEOUT_MILLIS,
                callback(answer));
        AckResult result = await(answer, REQUEST_TIMEOUT_MILLIS);
        if (result.getStatus() == AckStatus.OK) {
            MessageAccessor.putProperty(message, MessageConst.PROPERTY_POP_CK, result.getExtraInfo());
        }
        return result.getStatus();
    }

    private static String[] receipt(MessageExt message) {
        String receipt = message.getProperty(MessageConst.PROPERTY_POP_CK);
        if (receipt == null) {
            throw new IllegalArgumentException("message " + message.getMsgId() + " has no POP receipt");
        }
        return ExtraInfoUtil.split(receipt);
    }

    /** The first broker of the topic's route, looked up once per topic; its address is kept by name, too. */
    private Broker broker(String topic) throws Exception {
        Broker known = brokersByTopic.get(topic);
        if (known == null) {
            BrokerData first = api.getTopicRouteInfoFromNameServer(topic, REQUEST_TIMEOUT_MILLIS).getBrokerDatas().get(0);
            known = new Broker(first.getBrokerName(), first.getBrokerAddrs().get(MixAll.MASTER_ID));
            brokersByTopic.put(topic, known);
            addressesByName.put(known.name(), known.address());
        }
        return known;
    }

    /** The master address of the broker a receipt names; it was learnt when the message was popped. */
    private String address(String[] receipt) {
        String name = ExtraInfoUtil.getBrokerName(receipt);
        String address = addressesByName.get(name);
        if (address == null) {
            throw new IllegalStateException("no address known for broker " + name + "; pop through this client first");
        }
        return address;
    }

    private static AckCallback callback(CompletableFuture<AckResult> answer) {
        return new AckCallback() {
            @Override
            public void onSuccess(AckResult result) {
                answer.complete(result);
            }

            @Override
            public void onException(Throwable e) {
                answer.completeExceptionally(e);
            }
        };
    }

    private static <T> T await(CompletableFuture<T> answer, long timeoutMillis) throws Exception {
        try {
            return answer.get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeoutMillis + " ms", e);
        }
    }

    @Override
    public void close() {
        carrier.shutdown();
    }

    private record Broker(String name, String address) {}
}
