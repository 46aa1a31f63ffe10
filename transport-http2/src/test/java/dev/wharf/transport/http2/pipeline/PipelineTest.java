package dev.wharf.transport.http2.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.http2.HttpOptions;
import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.Json;
import dev.wharf.transport.http2.api.Router;
import dev.wharf.transport.spi.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection pipeline on an EmbeddedChannel: fragmented, malformed and oversized input, and HTTP/2 by preface. */
class PipelineTest {

    private static final int MAX_REQUEST_BYTES = 1024;

    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        Router router = new Router().add(HttpMethod.POST, "/echo", request -> CompletableFuture.completedFuture(
                ApiResponse.ok(Json.object().put("size", request.body().length))));
        HttpOptions options = HttpOptions.from(ServerConfig.of("127.0.0.1", 0)
                .withOption(HttpOptions.MAX_REQUEST_BYTES, Integer.toString(MAX_REQUEST_BYTES)));
        PipelineSettings settings = new PipelineSettings(options,
                new ApiService(router, new TokenCheck(Set.of()), Runnable::run), Clock.systemUTC(), new HttpDrain());
        channel = new EmbeddedChannel(new HttpChannelInitializer(settings, Optional.empty()));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void servesARequestThatArrivesOneByteAtATime() {
        byte[] request = ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 5\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII);
        for (byte b : request) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        String response = response();
        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("{\"size\":5}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void answersAMalformedRequestLineWith400AndCloses() {
        send("GET\r\n\r\n");

        assertThat(response()).startsWith("HTTP/1.1 400 Bad Request").contains("\"code\":\"BAD_REQUEST\"")
                .containsIgnoringCase("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answersABodyOverTheLimitWith413BeforeReadingIt() {
        send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + (MAX_REQUEST_BYTES + 1) + "\r\n\r\n");

        assertThat(response()).startsWith("HTTP/1.1 413").contains("\"code\":\"PAYLOAD_TOO_LARGE\"")
                .contains("maxRequestBytes");
    }

    @Test
    void answersAChunkedBodyOverTheLimitWith413AndCloses() {
        String chunk = "x".repeat(MAX_REQUEST_BYTES);
        send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");

        assertThat(response()).startsWith("HTTP/1.1 413").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answersHeadersOverTheLimitWith431() {
        send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(PipelineSettings.MAX_HEADER_BYTES) + "\r\n\r\n");

        assertThat(response()).startsWith("HTTP/1.1 431").contains("\"code\":\"HEADERS_TOO_LARGE\"");
    }

    @Test
    void speaksHttp2ToAClientThatOpensWithThePreface() {
        channel.writeInbound(Http2CodecUtil.connectionPrefaceBuf());

        assertThat(channel.pipeline().names()).contains("h2-frames", "h2-streams");
        ByteBuf settings = channel.readOutbound();
        try {
            assertThat(settings.getByte(3)).as("frame type").isEqualTo((byte) 0x4);
        } finally {
            settings.release();
        }
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private String response() {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf bytes;
        while ((bytes = channel.readOutbound()) != null) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        return out.toString();
    }
}
