package dev.wharf.gateway.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.BrokerVersion;
import dev.wharf.broker.protocol.Json;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * REGISTER_BROKER (103) and UNREGISTER_BROKER (104) of one master broker, in the shape Apache RocketMQ's
 * NameServer reads: the header names the broker (cluster, name, id 0 = master, the address clients connect
 * to), the register body is the {@code RegisterBrokerBody} JSON, uncompressed, with its CRC32 in
 * {@code bodyCrc32} (the NameServer refuses a body whose CRC differs), and the command's {@code version} is
 * the release the broker answers as, so the NameServer reads the body as a 3.0.11+ broker's (a lower version
 * would make it read the body as a bare topic table).
 *
 * <pre>{@code
 * RegistrationRequests requests = new RegistrationRequests("DefaultCluster", "broker-a", "10.0.0.7:8080");
 * client.invoke("10.0.0.5:9876", requests.register(broker.topics().toJson()), timeout);
 * }</pre>
 *
 * @param clusterName the cluster the broker belongs to
 * @param brokerName the broker's name, which routes carry
 * @param brokerAddress the {@code host:port} of the broker's Remoting listener, as clients must reach it
 */
public record RegistrationRequests(String clusterName, String brokerName, String brokerAddress) {

    /** The broker id of a master: a Wharf broker is always its own master. */
    static final long MASTER_ID = 0;

    public RegistrationRequests {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerAddress, "brokerAddress");
    }

    /**
     * REGISTER_BROKER with every topic of {@code topicConfigWrapper}, RocketMQ's
     * {@code TopicConfigSerializeWrapper} ({@code dataVersion} and {@code topicConfigTable}): the NameServer
     * rebuilds the broker's queue data from the table when the data version differs from the last one it got.
     */
    public RemotingCommand register(ObjectNode topicConfigWrapper) {
        byte[] body = body(topicConfigWrapper);
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .version(BrokerVersion.ORDINAL)
                .extField("brokerName", brokerName)
                .extField("brokerAddr", brokerAddress)
                .extField("clusterName", clusterName)
                // Required by the header, read only for slaves: a Wharf broker has no HA channel.
                .extField("haServerAddr", "")
                .extField("brokerId", MASTER_ID)
                .extField("compressed", false)
                .extField("bodyCrc32", crc32(body))
                .body(body)
                .build();
    }

    /** UNREGISTER_BROKER: the NameServer drops the broker from its routes at once instead of after 120 s. */
    public RemotingCommand unregister() {
        return RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                .version(BrokerVersion.ORDINAL)
                .extField("brokerName", brokerName)
                .extField("brokerAddr", brokerAddress)
                .extField("clusterName", clusterName)
                .extField("brokerId", MASTER_ID)
                .build();
    }

    /**
     * RocketMQ 5's {@code RegisterBrokerBody}: the topic wrapper (without static-topic mappings, which Wharf
     * has none of) and no filter servers.
     */
    static byte[] body(ObjectNode topicConfigWrapper) {
        ObjectNode wrapper = topicConfigWrapper.deepCopy();
        wrapper.putObject("topicQueueMappingInfoMap");
        wrapper.putObject("topicQueueMappingDetailMap");
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("topicConfigSerializeWrapper", wrapper);
        body.putArray("filterServerList");
        return Json.write(body);
    }

    /** RocketMQ's {@code UtilAll.crc32}, which the NameServer compares {@code bodyCrc32} with: CRC32 without the sign bit. */
    static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFF_FFFFL);
    }
}
