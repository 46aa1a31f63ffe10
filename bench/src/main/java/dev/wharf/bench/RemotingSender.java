package dev.wharf.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/** Sends with the classic Remoting client, one {@link DefaultMQProducer} for the run. */
final class RemotingSender implements MessageSender {

    private static final AtomicInteger OPENED = new AtomicInteger();

    private final DefaultMQProducer producer;
    private final String topic;
    private final byte[] body;

    private RemotingSender(DefaultMQProducer producer, String topic, byte[] body) {
        this.producer = producer;
        this.topic = topic;
        this.body = body;
    }

    /** Starts the producer; {@link MessageSender.Opener} for Remoting runs. */
    static MessageSender open(ProduceSettings settings, byte[] body) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(settings.producerGroup());
        producer.setNamesrvAddr(settings.target().address());
        producer.setSendMsgTimeout((int) settings.sendTimeout().toMillis());
        // Its own client instance: an alternating run starts two producers of one group in this process.
        producer.setInstanceName("wharf-bench-" + ProcessHandle.current().pid() + "-" + OPENED.incrementAndGet());
        producer.start();
        return new RemotingSender(producer, settings.target().topic(), body);
    }

    @Override
    public void send() throws Exception {
        SendResult result = producer.send(new Message(topic, body));
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            throw notStored(result);
        }
    }

    @Override
    public CompletableFuture<Void> sendAsync() {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new Message(topic, body), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    if (result.getSendStatus() == SendStatus.SEND_OK) {
                        acknowledged.complete(null);
                    } else {
                        acknowledged.completeExceptionally(notStored(result));
                    }
                }

                @Override
                public void onException(Throwable e) {
                    acknowledged.completeExceptionally(e);
                }
            });
        } catch (Exception e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private static IllegalStateException notStored(SendResult result) {
        return new IllegalStateException("send status " + result.getSendStatus());
    }

    @Override
    public void close() {
        producer.shutdown();
    }
}
