package dev.wharf.compat.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListener;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes official clients for a test and shuts every one of them down after it, newest first.
 *
 * <p>Every client gets its own instance name: clients in one JVM otherwise share one connection
 * factory, and two consumers of the same group in one factory are refused. Route refresh runs every
 * second instead of 30 s, because topics (auto-created, retry, dead-letter) appear while tests run.
 *
 * <pre>{@code
 * @RegisterExtension
 * final Clients clients = new Clients();
 *
 * DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
 * }</pre>
 *
 * <p>{@link #overTls()} makes clients that connect with TLS ({@code setUseTLS(true)}); in the client's default
 * test mode ({@code tls.test.mode.enable}) they accept any server certificate, the gateway's development one
 * included.
 */
public final class Clients implements AfterEachCallback {

    private static final int ROUTE_REFRESH_MILLIS = 1000;
    private static final int HEARTBEAT_MILLIS = 1000;
    /**
     * For sends and NameServer calls. The client's 3 s defaults suit production; on a loaded two-core CI machine
     * a freshly started gateway has taken longer for a first send (PopCrashSafetyTest, "sendDefaultImpl call
     * timeout") and for a first route lookup (OffsetsSurviveRestartTest).
     */
    private static final int REQUEST_TIMEOUT_MILLIS = 15_000;

    private final Deque<Runnable> shutdowns = new ArrayDeque<>();
    private final boolean useTls;

    /** Clients that connect in the clear. */
    public Clients() {
        this(false);
    }

    private Clients(boolean useTls) {
        this.useTls = useTls;
    }

    /** Clients that connect with TLS. */
    public static Clients overTls() {
        return new Clients(true);
    }

    /** A started producer in a fresh producer group. */
    public DefaultMQProducer startedProducer(String nameServer) {
        DefaultMQProducer producer = managed(new DefaultMQProducer(Names.unique("PID")), nameServer,
                DefaultMQProducer::shutdown);
        producer.setSendMsgTimeout(REQUEST_TIMEOUT_MILLIS);
        try {
            producer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("producer did not start", e);
        }
        return producer;
    }

    /**
     * A started transactional producer of {@code group} whose local transactions and checks {@code listener}
     * runs. It heartbeats every second (RocketMQ's default is 30 s): a producer that has not sent yet is
     * known to the broker, and so checked back, only once a heartbeat reached it.
     */
    public TransactionMQProducer startedTransactionProducer(String nameServer, String group,
            TransactionListener listener) {
        TransactionMQProducer producer =
                managed(new TransactionMQProducer(group), nameServer, TransactionMQProducer::shutdown);
        producer.setTransactionListener(listener);
        producer.setHeartbeatBrokerInterval(HEARTBEAT_MILLIS);
        producer.setSendMsgTimeout(REQUEST_TIMEOUT_MILLIS);
        try {
            producer.start();
        } catch (MQClientException e) {
            throw new IllegalStateException("transactional producer did not start", e);
        }
        return producer;
    }

    /** A push consumer reading from the first offset of a new group; subscribe, add a listener, start. */
    public DefaultMQPushConsumer pushConsumer(String nameServer, String group) {
        DefaultMQPushConsumer consumer =
                managed(new DefaultMQPushConsumer(group), nameServer, DefaultMQPushConsumer::shutdown);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        return consumer;
    }

    /**
     * A started push consumer of {@code group} on {@code topic}, filtered by {@code expression}, handing every
     * message to {@code listener} (a {@link MessageListenerConcurrently} or a {@link MessageListenerOrderly}).
     */
    public DefaultMQPushConsumer startedPushConsumer(String nameServer, String group, String topic, String expression,
            MessageListener listener) throws MQClientException {
        DefaultMQPushConsumer consumer = pushConsumer(nameServer, group);
        consumer.subscribe(topic, expression);
        if (listener instanceof MessageListenerOrderly orderly) {
            consumer.registerMessageListener(orderly);
        } else {
            consumer.registerMessageListener((MessageListenerConcurrently) listener);
        }
        consumer.start();
        return consumer;
    }

    /** A lite-pull consumer reading from the first offset of a new group; subscribe or assign, then start. */
    public DefaultLitePullConsumer litePullConsumer(String nameServer, String group) {
        DefaultLitePullConsumer consumer =
                managed(new DefaultLitePullConsumer(group), nameServer, DefaultLitePullConsumer::shutdown);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        return consumer;
    }

    /**
     * Points {@code client} at the server, over TLS or not, gives it its own instance, and shuts it down after the
     * test.
     */
    private <C extends ClientConfig> C managed(C client, String nameServer, Consumer<C> shutdown) {
        client.setNamesrvAddr(nameServer);
        client.setInstanceName(Names.unique("client"));
        client.setPollNameServerInterval(ROUTE_REFRESH_MILLIS);
        client.setMqClientApiTimeout(REQUEST_TIMEOUT_MILLIS);
        client.setUseTLS(useTls);
        register(() -> shutdown.accept(client));
        return client;
    }

    private synchronized void register(Runnable shutdown) {
        shutdowns.push(shutdown);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException first = null;
        Runnable shutdown;
        while ((shutdown = next()) != null) {
            try {
                shutdown.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized Runnable next() {
        return shutdowns.poll();
    }
}
