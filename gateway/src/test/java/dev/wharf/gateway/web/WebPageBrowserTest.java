package dev.wharf.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.gateway.local.BoundListener;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.Chromium;
import dev.wharf.gateway.testing.DevTools;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled web page in a real browser: headless Chromium loads it from a Local-mode gateway and, driven over
 * the DevTools protocol, connects, subscribes, publishes, sees its message arrive and acks it; the broker then
 * shows the ack.
 */
class WebPageBrowserTest {

    private static final String TOPIC = "browser";
    /** A FIFO group: its acks move its consumer offset, which the broker answers for. */
    private static final String GROUP = "page";

    @TempDir
    Path data;

    @Test
    void thePagePublishesReceivesAndAcksThroughTheGateway() throws Exception {
        Assumptions.assumeTrue(Chromium.installed(), () -> {
            String message = "\n########################################################################\n"
                    + "# SKIPPED: no " + Chromium.EXECUTABLE + ". Run .ci/install-chromium (apt-get install chromium)\n"
                    + "# to test the web page in a real browser.\n"
                    + "########################################################################";
            System.err.println(message);
            return message;
        });
        GatewayConfig defaults = TestGateway.config(data);
        GatewayConfig config = new GatewayConfig(defaults.mode(), List.of(
                new ListenerConfig("remoting", "127.0.0.1", 0, List.of(ProtocolType.REMOTING)),
                new ListenerConfig("websocket", "127.0.0.1", 0, List.of(ProtocolType.WEBSOCKET))),
                defaults.store(), defaults.broker(), defaults.threads());

        try (LocalGateway gateway = LocalGateway.start(config);
                RemotingTestClient admin = new RemotingTestClient(gateway.listeners().get(0).address());
                Chromium chromium = Chromium.start()) {
            createTopicAndFifoGroup(admin);
            BoundListener websocket = gateway.listeners().get(1);

            try (DevTools page = DevTools.openPage(chromium.devTools(), "http://127.0.0.1:" + websocket.port() + "/")) {
                awaitTrue(page, "document.readyState === 'complete' && document.getElementById('connect') !== null");
                page.evaluate("document.getElementById('connect').click()");
                awaitTrue(page, "document.getElementById('status').textContent === 'connected'");

                page.evaluate(setValue("subscribe-group", GROUP) + setValue("subscribe-topic", TOPIC)
                        + "document.getElementById('subscribe').click()");
                awaitTrue(page, "document.getElementById('subscriptions').textContent.includes('" + GROUP + "')");

                page.evaluate(setValue("publish-topic", TOPIC) + setValue("publish-tag", "greeting")
                        + setValue("publish-keys", "k1 k2") + setValue("publish-body", "hello from chromium")
                        + "document.getElementById('publish').click()");
                awaitTrue(page, "document.getElementById('publish-result').textContent.startsWith('published')");

                awaitTrue(page, "document.querySelectorAll('#messages li.message').length === 1");
                JsonNode shown = page.evaluate("(() => { const m = document.querySelector('#messages li.message');"
                        + " return {body: m.querySelector('.body').textContent, meta: m.querySelector('.meta').textContent}; })()");
                assertThat(shown.get("body").asText()).isEqualTo("hello from chromium");
                assertThat(shown.get("meta").asText()).contains(TOPIC).contains("tag greeting").contains("keys k1 k2");

                assertThat(consumerOffset(admin)).as("not acked yet").isLessThan(1);
                page.evaluate("document.querySelector('#messages li.message button.ack').click()");
                awaitTrue(page, "document.querySelector('#messages li.message').dataset.acked === 'true'");
                assertThat(page.evaluate("document.getElementById('log').children.length").asInt()).isZero();
            }
            // The ack reached the broker: the FIFO group's offset moved past the message.
            await().atMost(Duration.ofSeconds(10)).until(() -> consumerOffset(admin) == 1);
        }
    }

    private static void createTopicAndFifoGroup(RemotingTestClient admin) {
        RemotingCommand topic = admin.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .extField("topic", TOPIC).extField("defaultTopic", "TBW102")
                .extField("readQueueNums", 1).extField("writeQueueNums", 1).extField("perm", 6)
                .extField("topicFilterType", "SINGLE_TAG").extField("topicSysFlag", 0).extField("order", false)
                .extField("attributes", "+message.type=NORMAL")
                .build());
        assertThat(topic.code()).as(topic.remark()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand group = admin.call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(("{\"groupName\":\"" + GROUP + "\",\"consumeMessageOrderly\":true}")
                        .getBytes(StandardCharsets.UTF_8))
                .build());
        assertThat(group.code()).as(group.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static long consumerOffset(RemotingTestClient admin) {
        RemotingCommand answer = admin.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .extField("consumerGroup", GROUP).extField("topic", TOPIC).extField("queueId", 0).build());
        return answer.code() == ResponseCode.SUCCESS ? HeaderReader.of(answer).requiredLong("offset") : -1;
    }

    private static String setValue(String id, String value) {
        return "document.getElementById('" + id + "').value = '" + value + "';";
    }

    private static void awaitTrue(DevTools page, String condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> page.evaluate(condition).asBoolean(false));
    }
}
