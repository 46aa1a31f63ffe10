package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.http2.testing.Http;
import dev.wharf.transport.http2.testing.TestServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.tls.TrustingAnyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTPS with the development certificate: ALPN picks h2 for HTTP/2 clients, HTTP/1.1 for the others. */
class TlsTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.of("127.0.0.1", 0).withOption("tls.mode", "enforcing"));
        server.broker().on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("queueId", 1).extField("queueOffset", 5).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void publishesOverTlsWithTheNegotiatedVersion(HttpClient.Version version) {
        Http https = new Http(HttpClient.newBuilder().version(version).sslContext(TrustingAnyServer.context())
                .connectTimeout(Duration.ofSeconds(5)).build());
        URI uri = URI.create("https://127.0.0.1:" + server.port() + "/v1/topics/orders/messages");

        HttpResponse<String> response = https.postJson(uri, "{\"body\": \"secret\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(version);
        assertThat(Http.json(response).path("results").path(0).path("offset").asLong()).isEqualTo(5);
    }
}
