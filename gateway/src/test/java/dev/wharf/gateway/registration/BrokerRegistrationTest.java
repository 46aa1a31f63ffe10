package dev.wharf.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.broker.protocol.Json;
import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Local-mode gateway with {@code cluster.register} against NameServers on real loopback ports: it registers
 * at start, again on schedule and at each topic change, keeps going when a NameServer fails, and unregisters
 * when it stops.
 */
class BrokerRegistrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Longer than any test, so that only a topic change can explain a second registration. */
    private static final Duration NEVER = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private final FakeNameServer nameServer = new FakeNameServer();
    private LocalGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        nameServer.close();
    }

    @Test
    void registersAtStartWithTheListenersAddressAndTheBrokersTopics() {
        gateway = start(List.of(nameServer.address()), NEVER);

        await().atMost(WAIT).until(() -> !nameServer.received(RequestCode.REGISTER_BROKER).isEmpty());
        RemotingCommand register = nameServer.received(RequestCode.REGISTER_BROKER).get(0);
        assertThat(register.extField("brokerAddr")).isEqualTo(gateway.listeners().get(0).address());
        assertThat(register.extField("brokerName")).isEqualTo("broker-b");
        assertThat(register.extField("clusterName")).isEqualTo("east");
        assertThat(register.extField("bodyCrc32")).isEqualTo(Integer.toString(RegistrationRequests.crc32(register.body())));
        assertThat(topicTable(register).fieldNames()).toIterable().contains("TBW102");
    }

    @Test
    void registersAgainEveryInterval() {
        gateway = start(List.of(nameServer.address()), Duration.ofMillis(200));

        await().atMost(WAIT).until(() -> nameServer.received(RequestCode.REGISTER_BROKER).size() >= 3);
    }

    @Test
    void aCreatedTopicIsRegisteredAtOnce() {
        gateway = start(List.of(nameServer.address()), NEVER);
        await().atMost(WAIT).until(() -> nameServer.received(RequestCode.REGISTER_BROKER).size() == 1);

        try (RemotingTestClient admin = new RemotingTestClient(gateway.listeners().get(0).address())) {
            RemotingCommand created = admin.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .extField("topic", "orders").extField("readQueueNums", 3).extField("writeQueueNums", 3)
                    .extField("perm", 6).extField("attributes", "+message.type=FIFO").build());
            assertThat(created.code()).as(created.remark()).isEqualTo(ResponseCode.SUCCESS);
        }

        await().atMost(WAIT).until(() -> topicTable(last(nameServer)).has("orders"));
        JsonNode orders = topicTable(last(nameServer)).path("orders");
        assertThat(orders.path("writeQueueNums").asInt()).isEqualTo(3);
        assertThat(orders.path("attributes").path("message.type").asText()).isEqualTo("FIFO");
    }

    @Test
    void unregistersWhenItStops() {
        gateway = start(List.of(nameServer.address()), NEVER);
        await().atMost(WAIT).until(() -> !nameServer.received(RequestCode.REGISTER_BROKER).isEmpty());
        String address = gateway.listeners().get(0).address();

        gateway.close();

        assertThat(nameServer.received(RequestCode.UNREGISTER_BROKER)).singleElement().satisfies(unregister -> {
            assertThat(unregister.extField("brokerName")).isEqualTo("broker-b");
            assertThat(unregister.extField("brokerAddr")).isEqualTo(address);
            assertThat(unregister.extField("brokerId")).isEqualTo("0");
        });
    }

    @Test
    void anUnreachableOrRefusingNameServerNeitherStopsTheStartNorTheOthers() throws IOException {
        nameServer.answerWith(ResponseCode.SYSTEM_ERROR);
        try (FakeNameServer healthy = new FakeNameServer()) {
            gateway = start(List.of(unusedAddress(), nameServer.address(), healthy.address()), Duration.ofMillis(200));

            await().atMost(WAIT).until(() -> healthy.received(RequestCode.REGISTER_BROKER).size() >= 2);
            nameServer.answerWith(ResponseCode.SUCCESS);
            int refusedSoFar = nameServer.received(RequestCode.REGISTER_BROKER).size();
            await().atMost(WAIT).until(() -> nameServer.received(RequestCode.REGISTER_BROKER).size() > refusedSoFar);
            assertThat(gateway.metrics().scrape())
                    .contains("wharf_nameserver_registrations_total{nameServer=\"" + nameServer.address()
                            + "\",outcome=\"error\",request=\"register\"}")
                    .contains("outcome=\"success\",request=\"register\"");
            gateway.close();
        }
    }

    /**
     * With {@code otherBrokers: omit}, so the node's listener serves its own broker alone: forwarding would ask
     * the fake NameServers for the cluster's brokers, which they do not answer.
     */
    private LocalGateway start(List<String> nameServers, Duration interval) {
        return LocalGateway.start(GatewayConfigReader.parse("""
                listeners: [{host: 127.0.0.1, port: 0, protocols: [remoting]}]
                store: {path: '%s'}
                broker: {brokerName: broker-b, clusterName: east}
                cluster: {nameServers: [%s], register: true, registerInterval: %dms, otherBrokers: omit}
                """.formatted(dataDir, String.join(", ", nameServers), interval.toMillis())));
    }

    private static RemotingCommand last(FakeNameServer nameServer) {
        List<RemotingCommand> registrations = nameServer.received(RequestCode.REGISTER_BROKER);
        return registrations.get(registrations.size() - 1);
    }

    private static JsonNode topicTable(RemotingCommand register) {
        return Json.readTree(register.body(), "the register body").path("topicConfigSerializeWrapper")
                .path("topicConfigTable");
    }

    /** A loopback port nothing listens on: connections to it are refused. */
    private static String unusedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }
}
