package dev.wharf.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two requests, field by field as Apache RocketMQ 5's NameServer decodes them. */
class RegistrationRequestsTest {

    private final RegistrationRequests requests = new RegistrationRequests("east", "broker-b", "10.0.0.7:8080");

    @Test
    void registerNamesTheMasterBrokerItsAddressAndTheBodysCrc() {
        RemotingCommand register = requests.register(wrapper());

        assertThat(register.code()).isEqualTo(RequestCode.REGISTER_BROKER);
        // MQVersion.Version.V5_3_3: at or above V3_0_11, so the NameServer reads a RegisterBrokerBody.
        assertThat(register.version()).isEqualTo(479);
        assertThat(register.extFields()).isEqualTo(Map.of(
                "brokerName", "broker-b",
                "brokerAddr", "10.0.0.7:8080",
                "clusterName", "east",
                "haServerAddr", "",
                "brokerId", "0",
                "compressed", "false",
                "bodyCrc32", Integer.toString(RegistrationRequests.crc32(register.body()))));
    }

    @Test
    void theBodyIsARegisterBrokerBodyWithEveryTopicAndTheDataVersion() {
        JsonNode body = Json.readTree(requests.register(wrapper()).body(), "the register body");

        assertThat(body.path("filterServerList").isArray()).isTrue();
        assertThat(body.path("filterServerList")).isEmpty();
        JsonNode wrapper = body.path("topicConfigSerializeWrapper");
        assertThat(wrapper.path("dataVersion").path("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(wrapper.path("dataVersion").path("counter").asLong()).isEqualTo(7);
        assertThat(wrapper.path("dataVersion").path("stateVersion").asLong()).isZero();
        assertThat(wrapper.path("topicQueueMappingInfoMap").isObject()).isTrue();
        JsonNode orders = wrapper.path("topicConfigTable").path("orders");
        assertThat(orders.path("topicName").asText()).isEqualTo("orders");
        assertThat(orders.path("readQueueNums").asInt()).isEqualTo(8);
        assertThat(orders.path("writeQueueNums").asInt()).isEqualTo(8);
        assertThat(orders.path("perm").asInt()).isEqualTo(6);
        assertThat(orders.path("topicFilterType").asText()).isEqualTo("SINGLE_TAG");
        assertThat(orders.path("topicSysFlag").asInt()).isZero();
        assertThat(orders.path("order").asBoolean()).isFalse();
        assertThat(orders.path("attributes").path("message.type").asText()).isEqualTo("FIFO");
    }

    @Test
    void theCrcIsRocketMqsCrc32WithoutTheSignBit() {
        // CRC32("123456789") is 0xCBF43926, the check value of the algorithm; RocketMQ clears bit 31.
        assertThat(RegistrationRequests.crc32("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x4BF43926);
    }

    @Test
    void unregisterNamesTheSameBrokerWithoutABody() {
        RemotingCommand unregister = requests.unregister();

        assertThat(unregister.code()).isEqualTo(RequestCode.UNREGISTER_BROKER);
        assertThat(unregister.extFields()).isEqualTo(Map.of(
                "brokerName", "broker-b", "brokerAddr", "10.0.0.7:8080", "clusterName", "east", "brokerId", "0"));
        assertThat(unregister.body()).isNullOrEmpty();
    }

    private static ObjectNode wrapper() {
        ObjectNode wrapper = Json.mapper().createObjectNode();
        wrapper.putObject("dataVersion").put("counter", 7).put("stateVersion", 0).put("timestamp", 1_700_000_000_000L);
        wrapper.putObject("topicConfigTable").set("orders", TopicConfig.of("orders", 8, TopicMessageType.FIFO).toJson());
        return wrapper;
    }
}
