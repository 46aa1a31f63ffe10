package dev.wharf.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.gateway.config.BrokerSettings;
import dev.wharf.gateway.config.ClusterSettings;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.config.Mode;
import dev.wharf.gateway.config.PluginSettings;
import dev.wharf.gateway.config.StoreSettings;
import dev.wharf.gateway.config.ThreadSettings;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.message.StoredMessage;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Cluster-mode gateway started as the jar starts it, in front of a Wharf node in Local mode that plays the
 * cluster (its listener is NameServer and broker {@code wharf}): no store of its own, routes that advertise
 * itself, commands forwarded to the broker they name, and a negotiated connection to the Wharf broker.
 */
class ClusterModeGatewayTest {

    private static final String TOPIC = "cluster-orders";
    private static final String BROKER = BrokerSettings.defaults().brokerName();

    @TempDir
    Path dir;

    @Test
    void servesTheClusterWithoutAStoreOfItsOwn() {
        Path unusedStore = dir.resolve("cluster-store");
        try (TestGateway wharfBroker = TestGateway.start(dir.resolve("broker"));
                LocalGateway gateway = LocalGateway.start(clusterConfig(wharfBroker.address(), unusedStore));
                RemotingTestClient direct = new RemotingTestClient(wharfBroker.address());
                RemotingTestClient client = new RemotingTestClient(gateway.listeners().get(0).address())) {
            assertThat(direct.send(TOPIC, 0, "TagA", "stored before").code()).isEqualTo(ResponseCode.SUCCESS);
            String gatewayAddress = gateway.listeners().get(0).address();

            RemotingCommand route = client.route(TOPIC);
            RemotingCommand sent = client.call(RemotingTestClient.sendRequest(TOPIC, 1, "TagB", "through the gateway")
                    .extField("n", BROKER)
                    .build());
            RemotingCommand pulled = client.call(RemotingTestClient.pullRequest("cluster-readers", TOPIC, 1, 0, 0)
                    .toBuilder()
                    .extField("bname", BROKER)
                    .build());

            assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
            JsonNode brokers = RouteJson.read(route.body(), "route").path("brokerDatas");
            assertThat(brokers.findValuesAsText("brokerName")).containsExactly(BROKER);
            assertThat(brokers.get(0).path("brokerAddrs").toString()).isEqualTo("{\"0\":\"" + gatewayAddress + "\"}");
            assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(RemotingTestClient.messages(pulled)).extracting(StoredMessage::body)
                    .containsExactly("through the gateway".getBytes(StandardCharsets.UTF_8));
            assertThat(unusedStore).as("cluster mode opens no store").doesNotExist();
            assertThat(gateway.metrics().scrape().lines()
                    .filter(line -> line.startsWith("wharf_client_negotiations_total{")
                            && line.contains("outcome=\"negotiated\""))
                    .toList())
                    .as("the Wharf broker negotiated").singleElement().asString().doesNotEndWith(" 0.0");
        }
    }

    private static GatewayConfig clusterConfig(String nameServer, Path store) {
        GatewayConfig defaults = GatewayConfig.defaults();
        return new GatewayConfig(
                Mode.CLUSTER,
                List.of(new ListenerConfig("remoting", "127.0.0.1", 0, List.of(ProtocolType.REMOTING))),
                new StoreSettings(store, defaults.store().flush(), defaults.store().flushInterval(),
                        defaults.store().segmentSize()),
                defaults.broker(),
                new ThreadSettings(1, 1, 1, 1, 1, 1, 100),
                PluginSettings.defaults(),
                ClusterSettings.defaults().withNameServers(List.of(nameServer)));
    }
}
