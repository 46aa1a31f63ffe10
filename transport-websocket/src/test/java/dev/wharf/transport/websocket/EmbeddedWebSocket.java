package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.messaging.CommandMessaging;
import dev.wharf.messaging.PublicationChecks;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.messaging.MessagingService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A WebSocket listener's pipeline in an {@link EmbeddedChannel}, spoken to in bytes as a browser would: the
 * HTTP handshake, then masked frames; what the server writes is decoded back into frames. Broker requests run
 * inline on a {@link RecordingBroker}.
 */
final class EmbeddedWebSocket {

    static final ObjectMapper JSON = new ObjectMapper();

    final RecordingBroker broker = new RecordingBroker();
    final EmbeddedChannel channel;
    private final EmbeddedChannel clientEncoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    private final EmbeddedChannel clientDecoder =
            new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 64 << 20));
    private final List<WebSocketFrame> received = new ArrayList<>();

    /** Broker requests run on {@code pool}, which stands for the listener's {@code websocket} pool. */
    private EmbeddedWebSocket(ServerConfig config, Executor pool) {
        WebSocketServerOptions options = WebSocketServerOptions.from(config);
        MessagingService messaging = new CommandMessaging(broker.processors(), PublicationChecks.from(config), Clock.systemUTC());
        Listener listener = new Listener(options, messaging, pool, Clock.systemUTC());
        channel = new EmbeddedChannel(new WebSocketChannelInitializer(listener, java.util.Optional.empty()));
    }

    /** A listener with these options (name, value, name, value…) and a 1 KiB body limit. */
    static EmbeddedWebSocket listener(String... options) {
        return listenerOn(Runnable::run, options);
    }

    /** A listener with these options whose broker requests run on {@code pool}. */
    static EmbeddedWebSocket listenerOn(Executor pool, String... options) {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0).withOption("maxBodySize", "1024");
        for (int i = 0; i < options.length; i += 2) {
            config = config.withOption(options[i], options[i + 1]);
        }
        return new EmbeddedWebSocket(config, pool);
    }

    /** Sends an HTTP request as bytes and answers the response's text. */
    String http(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        return drainText();
    }

    /** Handshakes on {@code uri}; asserts 101. Frames written right behind the response stay for {@link #frames()}. */
    EmbeddedWebSocket open(String uri) {
        channel.writeInbound(Unpooled.copiedBuffer(handshake(uri, null), StandardCharsets.US_ASCII));
        ByteBuf written = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            written.writeBytes(part);
            part.release();
        }
        String text = written.toString(StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n") + 4;
        assertThat(text).startsWith("HTTP/1.1 101");
        clientDecoder.writeInbound(written.skipBytes(headersEnd));
        return this;
    }

    static String handshake(String uri, String origin) {
        return "GET " + uri + " HTTP/1.1\r\nHost: localhost:8083\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    void sendText(String json) {
        send(new TextWebSocketFrame(json));
    }

    /** Encodes {@code frame} as a browser would (masked) and hands the bytes to the server. */
    void send(WebSocketFrame frame) {
        sendBytes(encoded(frame));
    }

    ByteBuf encoded(WebSocketFrame frame) {
        clientEncoder.writeOutbound(frame);
        ByteBuf bytes = Unpooled.buffer();
        for (ByteBuf part; (part = clientEncoder.readOutbound()) != null; ) {
            bytes.writeBytes(part);
            part.release();
        }
        return bytes;
    }

    void sendBytes(ByteBuf bytes) {
        channel.writeInbound(bytes);
        channel.runPendingTasks();
    }

    /** The frames the server wrote since the last call, decoded. */
    List<WebSocketFrame> frames() {
        channel.runPendingTasks();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            clientDecoder.writeInbound(part);
        }
        for (WebSocketFrame frame; (frame = clientDecoder.readInbound()) != null; ) {
            received.add(frame);
        }
        List<WebSocketFrame> frames = List.copyOf(received);
        received.clear();
        return frames;
    }

    /** The JSON events among the frames the server wrote since the last call. */
    List<ObjectNode> events() {
        List<ObjectNode> events = new ArrayList<>();
        for (WebSocketFrame frame : frames()) {
            if (frame instanceof TextWebSocketFrame text) {
                events.add(parse(text.text()));
            }
            frame.release();
        }
        return events;
    }

    ObjectNode onlyEvent() {
        List<ObjectNode> events = events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    /** The close frame the server sent since the last call, and that it closed the channel. */
    CloseWebSocketFrame closedWith() {
        List<WebSocketFrame> frames = frames();
        assertThat(frames).last().isInstanceOf(CloseWebSocketFrame.class);
        assertThat(channel.isOpen()).isFalse();
        return (CloseWebSocketFrame) frames.get(frames.size() - 1);
    }

    void advance(Duration time) {
        channel.advanceTimeBy(time.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private String drainText() {
        StringBuilder text = new StringBuilder();
        for (Object part; (part = channel.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) part;
            text.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        return text.toString();
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
