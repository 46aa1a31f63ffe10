package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Local-mode gateway's Prometheus text after real Remoting traffic. */
class GatewayMetricsTest {

    @TempDir
    Path dataDir;

    @Test
    void exposesRemotingConnectionsRequestsLatencyAndTheJvm() {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            try (RemotingTestClient client = new RemotingTestClient(gateway.address())) {
                assertThat(client.send("metered", 0, "TagA", "one").code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(client.send("metered", 0, "TagA", "two").code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(client.route("never-sent-to").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

                String text = gateway.scrapeMetrics();

                assertThat(value(text, "wharf_requests_total",
                        "protocol=\"remoting\"", "request=\"SEND_MESSAGE_V2\"", "outcome=\"success\""))
                        .hasValue(2.0);
                assertThat(value(text, "wharf_requests_total",
                        "protocol=\"remoting\"", "request=\"GET_ROUTEINFO_BY_TOPIC\"", "outcome=\"error\""))
                        .hasValue(1.0);
                assertThat(value(text, "wharf_connections", "protocol=\"remoting\"")).hasValue(1.0);
                assertThat(value(text, "wharf_connections_opened_total", "protocol=\"remoting\"")).hasValue(1.0);
                assertThat(value(text, "wharf_request_duration_seconds_count",
                        "protocol=\"remoting\"", "kind=\"call\""))
                        .hasValue(3.0);
                assertThat(value(text, "wharf_request_duration_seconds_bucket",
                        "protocol=\"remoting\"", "kind=\"call\"", "le=\"+Inf\""))
                        .hasValue(3.0);
                assertThat(value(text, "jvm_memory_used_bytes", "area=\"heap\"")).isPresent();
                assertThat(value(text, "process_cpu_usage")).isPresent();
                // The broker's own processor table is reached in-process; counting it too would count every
                // request twice.
                assertThat(text).doesNotContain("protocol=\"local\"");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(value(gateway.scrapeMetrics(), "wharf_connections", "protocol=\"remoting\""))
                            .hasValue(0.0));
        }
    }

    /** The value of the first sample of {@code name} whose labels include every one of {@code labels}. */
    private static OptionalDouble value(String text, String name, String... labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }
}
