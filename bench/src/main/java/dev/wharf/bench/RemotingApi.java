package dev.wharf.bench;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * A started Remoting client instance used for its wire calls ({@link MQClientAPIImpl}): the admin commands and
 * lean POP requests the client's public API does not offer. Closing it shuts the instance down.
 */
final class RemotingApi implements AutoCloseable {

    private final DefaultMQProducer carrier;
    private final MQClientAPIImpl calls;

    @SuppressWarnings("deprecation") // the producer's implementation is the only way to its client instance
    private RemotingApi(DefaultMQProducer carrier) {
        this.carrier = carrier;
        this.calls = carrier.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /** Starts an instance of its own (group and instance named after {@code purpose}) for the name server. */
    static RemotingApi start(String nameServer, String purpose) throws MQClientException {
        DefaultMQProducer carrier = new DefaultMQProducer("wharf-bench-" + purpose);
        carrier.setNamesrvAddr(nameServer);
        carrier.setInstanceName("wharf-bench-" + purpose + "-" + ProcessHandle.current().pid());
        carrier.start();
        return new RemotingApi(carrier);
    }

    MQClientAPIImpl calls() {
        return calls;
    }

    @Override
    public void close() {
        carrier.shutdown();
    }
}
