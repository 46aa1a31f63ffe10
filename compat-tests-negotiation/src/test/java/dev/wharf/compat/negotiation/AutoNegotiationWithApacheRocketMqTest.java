package dev.wharf.compat.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.transport.remoting.NettyRemotingClient;
import dev.wharf.transport.remoting.RemotingTransportProvider;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wharf's client with {@link ProtocolType#AUTO} against the official Apache RocketMQ 5.5.0 NameServer and
 * broker: each answers the handshake REQUEST_CODE_NOT_SUPPORTED, the client falls back to plain Remoting,
 * real requests work, and the next connection to either reuses the remembered outcome without a handshake.
 */
class AutoNegotiationWithApacheRocketMqTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ApacheRocketMqCluster apache;
    private static String brokerAddress;
    private static TransportContext context;
    private static NettyRemotingClient client;

    @BeforeAll
    static void start() {
        apache = ApacheRocketMqCluster.start(Path.of("target", "apache-rocketmq", Long.toString(System.nanoTime()))
                .toAbsolutePath(), "Negotiation", 1);
        brokerAddress = apache.brokerAddresses().get("broker-a");
        context = TransportContext.builder().ioThreads(1).build();
        client = (NettyRemotingClient) new TransportRegistry(context, List.of(new RemotingTransportProvider()))
                .createClient(ProtocolType.AUTO, ClientOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (context != null) {
            context.close();
        }
        if (apache != null) {
            apache.close();
        }
    }

    @Test
    void fallsBackToPlainRemotingThatWorksAndRemembersItPerAddress() throws Exception {
        // The broker registers with the NameServer a moment after it booted.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(clusterInfo().body()).asString(StandardCharsets.UTF_8).contains("broker-a"));
        RemotingCommand sent = client.invoke(brokerAddress, sendMessage("negotiated-" + System.nanoTime()), WAIT)
                .get();

        assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(sent.extField("msgId")).isNotBlank();
        assertThat(negotiations("fallback")).as("one handshake per address, both refused").isEqualTo(2);
        assertThat(negotiations("negotiated") + negotiations("failed") + negotiations("cached")).isZero();

        client.disconnect(apache.nameServerAddress()).get();
        client.disconnect(brokerAddress).get();
        assertThat(clusterInfo().code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.invoke(brokerAddress, sendMessage("again-" + System.nanoTime()), WAIT).get().code())
                .isEqualTo(ResponseCode.SUCCESS);

        assertThat(negotiations("cached")).as("the second connections skipped the handshake").isEqualTo(2);
        assertThat(negotiations("fallback")).isEqualTo(2);
    }

    private static RemotingCommand clusterInfo() throws Exception {
        return client.invoke(apache.nameServerAddress(),
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build(), WAIT).get();
    }

    /** SEND_MESSAGE with the fields of RocketMQ's SendMessageRequestHeader, to a topic the broker creates. */
    private static RemotingCommand sendMessage(String topic) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extField("producerGroup", "negotiation-test")
                .extField("topic", topic)
                .extField("defaultTopic", "TBW102")
                .extField("defaultTopicQueueNums", 4)
                .extField("queueId", 0)
                .extField("sysFlag", 0)
                .extField("bornTimestamp", System.currentTimeMillis())
                .extField("flag", 0)
                .extField("properties", "")
                .extField("reconsumeTimes", 0)
                .extField("unitMode", false)
                .extField("batch", false)
                .body("hello from a negotiating Wharf client".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static double negotiations(String outcome) {
        Counter counter = context.metrics().registry().find(NettyRemotingClient.NEGOTIATIONS)
                .tags("protocol", "remoting", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
