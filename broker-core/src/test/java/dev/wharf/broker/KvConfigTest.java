package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KvConfigTest extends BrokerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = "ORDER_TOPIC_CONFIG";

    static RemotingCommand put(String namespace, String key, String value) {
        return RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .extField("namespace", namespace).extField("key", key).extField("value", value).build();
    }

    static RemotingCommand get(String namespace, String key) {
        return RemotingCommand.request(RequestCode.GET_KV_CONFIG).extField("namespace", namespace).extField("key", key)
                .build();
    }

    static RemotingCommand delete(String namespace, String key) {
        return RemotingCommand.request(RequestCode.DELETE_KV_CONFIG)
                .extField("namespace", namespace).extField("key", key).build();
    }

    static RemotingCommand list(String namespace) {
        return RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE).extField("namespace", namespace).build();
    }

    @Test
    void aPutValueIsAnsweredInTheValueHeader() {
        assertThat(broker.call(put(ORDER, "orders", "broker-a:4")).code()).isEqualTo(ResponseCode.SUCCESS);
        broker.call(put(ORDER, "orders", "broker-a:8"));

        RemotingCommand answer = broker.call(get(ORDER, "orders"));

        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answer.extField("value")).isEqualTo("broker-a:8");
    }

    @Test
    void aMissingKeyIsQueryNotFoundNamingNamespaceAndKey() {
        broker.call(put(ORDER, "orders", "broker-a:8"));

        RemotingCommand answer = broker.call(get(ORDER, "payments"));

        assertThat(answer.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(answer.remark()).isEqualTo("No config item, Namespace: ORDER_TOPIC_CONFIG Key: payments");
        assertThat(answer.extField("value")).isNull();
    }

    @Test
    void deletingSucceedsWhetherOrNotTheKeyExists() {
        broker.call(put(ORDER, "orders", "broker-a:8"));

        RemotingCommand deleted = broker.call(delete(ORDER, "orders"));
        RemotingCommand again = broker.call(delete(ORDER, "orders"));
        RemotingCommand neverThere = broker.call(delete("NO_SUCH_NAMESPACE", "orders"));

        assertThat(deleted.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(again.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(neverThere.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.call(get(ORDER, "orders")).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void aNamespaceIsListedAsAKvTableUntilItsLastKeyIsDeleted() throws IOException {
        broker.call(put(ORDER, "orders", "broker-a:8"));
        broker.call(put(ORDER, "payments", "broker-a:2"));
        broker.call(put("OTHER", "orders", "elsewhere"));

        RemotingCommand listed = broker.call(list(ORDER));
        broker.call(delete(ORDER, "orders"));
        broker.call(delete(ORDER, "payments"));
        RemotingCommand emptied = broker.call(list(ORDER));

        assertThat(listed.code()).isEqualTo(ResponseCode.SUCCESS);
        JsonNode table = JSON.readTree(listed.body()).path("table");
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.path("orders").asText()).isEqualTo("broker-a:8");
        assertThat(table.path("payments").asText()).isEqualTo("broker-a:2");
        assertThat(emptied.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(emptied.remark()).isEqualTo("No config item, Namespace: ORDER_TOPIC_CONFIG");
    }

    @Test
    void entriesAreWrittenToKvConfigJsonAndSurviveARestart() throws IOException {
        broker.call(put(ORDER, "orders", "broker-a:8"));
        broker.call(put(ORDER, "gone", "broker-a:1"));
        broker.call(delete(ORDER, "gone"));

        Path file = dir.resolve("config/kvConfig.json");
        JsonNode written = JSON.readTree(Files.readAllBytes(file));
        broker.restart();

        assertThat(written.path("configTable").path(ORDER).path("orders").asText()).isEqualTo("broker-a:8");
        assertThat(written.path("configTable").path(ORDER).has("gone")).isFalse();
        assertThat(broker.call(get(ORDER, "orders")).extField("value")).isEqualTo("broker-a:8");
        assertThat(broker.call(get(ORDER, "gone")).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void theRouteOfAnOrderedTopicCarriesItsOrderTopicConf() throws IOException {
        broker.broker().topics().create("orders", 8, TopicMessageType.FIFO);
        broker.call(put(ORDER, "orders", "broker-a:8"));

        JsonNode withEntry = JSON.readTree(broker.call(Requests.route("orders")).body());
        broker.call(delete(ORDER, "orders"));
        JsonNode withoutEntry = JSON.readTree(broker.call(Requests.route("orders")).body());

        assertThat(withEntry.path("orderTopicConf").asText()).isEqualTo("broker-a:8");
        assertThat(withoutEntry.has("orderTopicConf")).isFalse();
    }

    @Test
    void aRequestWithoutANamespaceOrKeyIsInvalid() {
        RemotingCommand noNamespace = broker.call(RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .extField("key", "orders").build());
        RemotingCommand noKey = broker.call(RemotingCommand.request(RequestCode.DELETE_KV_CONFIG)
                .extField("namespace", ORDER).build());
        RemotingCommand noValue = broker.call(RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .extField("namespace", ORDER).extField("key", "orders").build());

        assertThat(noNamespace.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(noKey.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(noValue.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(broker.call(list(ORDER)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }
}
