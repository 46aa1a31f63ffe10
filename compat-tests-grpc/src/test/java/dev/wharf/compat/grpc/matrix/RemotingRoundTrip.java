package dev.wharf.compat.grpc.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.LitePolling;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * The official Remoting client: a {@link DefaultMQProducer} sends, a {@link DefaultLitePullConsumer} reads the topic
 * from its first offsets. The listener is name server and broker at once, and its routes name the address the client
 * reached it on, so both stay on the case's listener.
 */
final class RemotingRoundTrip implements RoundTrip {

    /** A refused send fails at once (its route query finds the connection closed); this bounds one that hangs. */
    private static final int SEND_TIMEOUT_MILLIS = 3_000;

    private final Clients plaintext;
    private final Clients tls;

    /** @param plaintext and {@code tls} make the clients and shut them down after each case */
    RemotingRoundTrip(Clients plaintext, Clients tls) {
        this.plaintext = plaintext;
        this.tls = tls;
    }

    @Override
    public void sendAndReceive(Target target, String body) throws Exception {
        String msgId = sent(target, body).getMsgId();

        DefaultLitePullConsumer consumer = clients(target).litePullConsumer(target.address(), target.group());
        LitePolling.startFromFirstOffsets(consumer, target.topic());
        List<Delivery> read = LitePolling.pollAtLeast(consumer, "the message back over Remoting", 1);

        assertThat(read).singleElement().satisfies(delivery -> {
            assertThat(delivery.msgId()).isEqualTo(msgId);
            assertThat(delivery.payload().body()).isEqualTo(body);
        });
    }

    @Override
    public void send(Target target, String body) throws Exception {
        sent(target, body);
    }

    private SendResult sent(Target target, String body) throws Exception {
        DefaultMQProducer producer = clients(target).startedProducer(target.address());
        producer.setSendMsgTimeout(SEND_TIMEOUT_MILLIS);
        producer.setRetryTimesWhenSendFailed(0);
        SendResult result = producer.send(new Message(target.topic(), body.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.getSendStatus()).as(result.toString()).isEqualTo(SendStatus.SEND_OK);
        return result;
    }

    private Clients clients(Target target) {
        return target.tls() ? tls : plaintext;
    }
}
