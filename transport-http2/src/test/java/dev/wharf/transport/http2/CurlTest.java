package dev.wharf.transport.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.transport.http2.testing.TestServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code curl --http2-prior-knowledge}: HTTP/2 in the clear without an upgrade. Skipped where curl is missing. */
class CurlTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(curlAvailable(), "curl is not on the PATH; skipping the curl tests");
        server = TestServer.start();
        server.broker().on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("queueId", 0).extField("queueOffset", 42).build());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void publishesOverHttp2WithPriorKnowledge() throws Exception {
        String out = curl("--http2-prior-knowledge", "-H", "Content-Type: application/json",
                "-d", "{\"body\": \"from curl\"}", "http://127.0.0.1:" + server.port() + "/v1/topics/orders/messages");

        assertThat(out).startsWith("HTTP/2 200").contains("\"offset\":42");
    }

    @Test
    void answersErrorsOverHttp2WithPriorKnowledge() throws Exception {
        String out = curl("--http2-prior-knowledge", "http://127.0.0.1:" + server.port() + "/v1/nowhere");

        assertThat(out).startsWith("HTTP/2 404").contains("\"code\":\"ROUTE_NOT_FOUND\"");
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static boolean curlAvailable() {
        try {
            Process process = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(5, TimeUnit.SECONDS) && version.contains("HTTP2");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
