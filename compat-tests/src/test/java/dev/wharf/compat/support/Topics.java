package dev.wharf.compat.support;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Creates topics with a message type, as {@code mqadmin updateTopic -a +message.type=FIFO} does: an
 * UPDATE_AND_CREATE_TOPIC request to the master of every broker that serves the auto-create template topic.
 *
 * <p>The request is built by hand (its header is plain extFields) because the two client lines share no
 * typed API for it: the 4.9 client's {@code TopicConfig} has no attributes and the header classes moved
 * packages in 5.x. Route types are only used through {@code var} for the same reason.
 */
public final class Topics {

    /** The topic every broker offers so producers can auto-create; its route names every broker. */
    private static final String TEMPLATE_TOPIC = "TBW102";
    private static final int UPDATE_AND_CREATE_TOPIC = 17;
    private static final int SUCCESS = 0;
    /** PermName.PERM_READ | PermName.PERM_WRITE. */
    private static final int READ_WRITE = 6;
    private static final long MASTER_ID = 0L;
    private static final long TIMEOUT_MILLIS = 5_000;

    private Topics() {}

    /** Creates (or updates) {@code topic} with {@code queues} read and write queues of FIFO messages. */
    public static void createFifo(String nameServer, String topic, int queues) {
        create(nameServer, topic, queues, "FIFO");
    }

    /**
     * Creates (or updates) {@code topic} on every broker with {@code queues} read and write queues and the
     * {@code message.type} attribute {@code messageType} (NORMAL, FIFO, DELAY or TRANSACTION).
     *
     * @throws IllegalStateException when a broker refuses; the message carries its code and remark
     */
    public static void create(String nameServer, String topic, int queues, String messageType) {
        DefaultMQProducer admin = new DefaultMQProducer(Names.unique("PID_admin"));
        admin.setNamesrvAddr(nameServer);
        admin.setInstanceName(Names.unique("admin"));
        try {
            admin.start();
            var factory = admin.getDefaultMQProducerImpl().getmQClientFactory();
            var api = factory.getMQClientAPIImpl();
            var route = api.getTopicRouteInfoFromNameServer(TEMPLATE_TOPIC, TIMEOUT_MILLIS);
            for (var broker : route.getBrokerDatas()) {
                String master = broker.getBrokerAddrs().get(MASTER_ID);
                RemotingCommand answer = api.getRemotingClient()
                        .invokeSync(master, request(topic, queues, messageType), TIMEOUT_MILLIS);
                if (answer.getCode() != SUCCESS) {
                    throw new IllegalStateException("broker " + master + " refused to create " + topic + ": code "
                            + answer.getCode() + ", " + answer.getRemark());
                }
            }
        } catch (MQClientException | RemotingException e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } finally {
            admin.shutdown();
        }
    }

    private static RemotingCommand request(String topic, int queues, String messageType) {
        RemotingCommand request = RemotingCommand.createRequestCommand(UPDATE_AND_CREATE_TOPIC, null);
        request.addExtField("topic", topic);
        request.addExtField("defaultTopic", TEMPLATE_TOPIC);
        request.addExtField("readQueueNums", Integer.toString(queues));
        request.addExtField("writeQueueNums", Integer.toString(queues));
        request.addExtField("perm", Integer.toString(READ_WRITE));
        request.addExtField("topicFilterType", "SINGLE_TAG");
        request.addExtField("topicSysFlag", "0");
        request.addExtField("order", "false");
        request.addExtField("attributes", "+message.type=" + messageType);
        return request;
    }
}
