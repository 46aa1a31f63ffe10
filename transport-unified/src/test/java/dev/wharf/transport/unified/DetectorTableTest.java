package dev.wharf.transport.unified;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectorTableTest {

    private final TestAdopter websocket = TestAdopter.detected("websocket", "GET /v1/ws", 150, "http/1.1");
    private final TestAdopter http = TestAdopter.detected("http", "GET ", 100, "h2", "http/1.1");
    private final TestAdopter remoting = TestAdopter.fallback("remoting");

    @Test
    void theHigherPriorityRefinesTheLowerOnesBytes() {
        DetectorTable table = new DetectorTable(List.of(http, websocket, remoting));

        assertThat(decide(table, "GET /v1/ws HTTP/1.1", null)).isEqualTo(websocket);
        assertThat(decide(table, "GET /v1/topics HTTP/1.1", null)).isEqualTo(http);
        assertThat(decide(table, "\0\0\0\u0020", null)).isEqualTo(remoting);
    }

    @Test
    void waitsWhileAHigherPriorityDetectorNeedsMoreBytes() {
        DetectorTable table = new DetectorTable(List.of(http, websocket, remoting));

        assertThat(table.decide(Unpooled.copiedBuffer("GET /v1", StandardCharsets.US_ASCII), null))
                .isInstanceOf(DetectorTable.Decision.Wait.class);
    }

    @Test
    void anAlpnProtocolLimitsTheCandidatesAndExcludesAFallbackThatDoesNotSpeakIt() {
        DetectorTable table = new DetectorTable(List.of(http, websocket, remoting));

        assertThat(decide(table, "GET /v1/ws HTTP/1.1", "h2")).as("websocket is not spoken over h2").isEqualTo(http);
        assertThat(table.decide(Unpooled.copiedBuffer("\0\0\0\u0020", StandardCharsets.ISO_8859_1), "h2"))
                .isInstanceOf(DetectorTable.Decision.Refuse.class);
        assertThat(table.applicationProtocols()).containsExactly("h2", "http/1.1");
    }

    @Test
    void withoutAFallbackUnclaimedBytesAreRefused() {
        DetectorTable table = new DetectorTable(List.of(http));

        assertThat(table.decide(Unpooled.copiedBuffer("\0\0\0\u0020", StandardCharsets.ISO_8859_1), null))
                .isInstanceOf(DetectorTable.Decision.Refuse.class);
    }

    @Test
    void twoDetectorsOfOnePriorityClaimingTheSameBytesFail() {
        TestAdopter rest = TestAdopter.detected("rest", "GET ", 100);

        assertThatThrownBy(() -> new DetectorTable(List.of(http, rest)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http and rest both claim the opening \"GET  sample\" with the same priority 100");
    }

    @Test
    void aHigherPriorityDetectorTakingAnothersSampleFails() {
        TestAdopter greedy = TestAdopter.detected("greedy", "G", 300);

        assertThatThrownBy(() -> new DetectorTable(List.of(http, greedy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the sample opening \"GET  sample\" of http would go to greedy");
    }

    @Test
    void twoFallbacksFail() {
        assertThatThrownBy(() -> new DetectorTable(List.of(remoting, TestAdopter.fallback("legacy"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most one protocol without a detector")
                .hasMessageContaining("remoting and legacy");
    }

    @Test
    void aDetectorWithoutSampleOpeningsFails() {
        ProtocolDetector silent = new ProtocolDetector() {
            @Override
            public Result detect(io.netty.buffer.ByteBuf in) {
                return Result.UNRECOGNIZED;
            }

            @Override
            public int priority() {
                return 5;
            }
        };
        TestAdopter plugin = new TestAdopter("plugin", Optional.of(silent), List.of());

        assertThatThrownBy(() -> new DetectorTable(List.of(plugin)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the detector of plugin has no sample openings");
    }

    @Test
    void aSampleItsOwnDetectorDoesNotRecogniseFails() {
        TestAdopter wrong = new TestAdopter("wrong", Optional.of(new PrefixDetector("MQTT", 10, "STOMP")), List.of());

        assertThatThrownBy(() -> new DetectorTable(List.of(wrong)))
                .hasMessageContaining("the sample opening \"STOMP\" of wrong would not be recognised");
    }

    private static Object decide(DetectorTable table, String opening, String alpn) {
        DetectorTable.Decision decision = table.decide(Unpooled.copiedBuffer(opening, StandardCharsets.ISO_8859_1), alpn);
        assertThat(decision).isInstanceOf(DetectorTable.Decision.Adopt.class);
        return ((DetectorTable.Decision.Adopt) decision).adopter();
    }
}
