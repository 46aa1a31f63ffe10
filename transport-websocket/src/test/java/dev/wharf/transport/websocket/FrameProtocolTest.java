package dev.wharf.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame protocol over the real decoders, fed bytes as a browser sends them. */
class FrameProtocolTest {

    private final EmbeddedWebSocket ws = EmbeddedWebSocket.listener("maxFrameBytes", "4096").open("/v1/ws");

    FrameProtocolTest() {
        ws.broker.on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("queueId", 1).extField("queueOffset", 7).build());
    }

    @Test
    void aPublishIsAnsweredWithItsIdMessageIdQueueAndOffset() {
        ws.sendText("{\"op\":\"publish\",\"id\":\"p1\",\"topic\":\"orders\",\"body\":\"hello\",\"tag\":\"created\","
                + "\"keys\":[\"k1\"],\"properties\":{\"region\":\"eu\"}}");

        ObjectNode published = ws.onlyEvent();
        assertThat(published.get("type").asText()).isEqualTo("published");
        assertThat(published.get("id").asText()).isEqualTo("p1");
        assertThat(published.get("queue").asInt()).isEqualTo(1);
        assertThat(published.get("offset").asLong()).isEqualTo(7);
        assertThat(published.get("messageId").asText()).hasSize(32);
        RemotingCommand send = ws.broker.only(RequestCode.SEND_MESSAGE);
        assertThat(send.extField("topic")).isEqualTo("orders");
        assertThat(new String(send.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void aMessageFragmentedIntoContinuationFramesIsOneRequest() {
        String json = "{\"op\":\"publish\",\"id\":7,\"topic\":\"orders\",\"body\":\"in three parts\"}";
        ws.send(new TextWebSocketFrame(false, 0, json.substring(0, 10)));
        ws.send(new ContinuationWebSocketFrame(false, 0, json.substring(10, 30)));
        assertThat(ws.events()).isEmpty();
        ws.send(new ContinuationWebSocketFrame(true, 0, json.substring(30)));

        ObjectNode published = ws.onlyEvent();
        assertThat(published.get("type").asText()).isEqualTo("published");
        assertThat(published.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void framesArrivingOneByteAtATimeAreDecoded() {
        ByteBuf bytes = ws.encoded(new TextWebSocketFrame(
                "{\"op\":\"publish\",\"id\":\"b\",\"topic\":\"orders\",\"body\":\"x\"}"));
        while (bytes.isReadable()) {
            ws.sendBytes(bytes.readRetainedSlice(1));
        }
        bytes.release();

        assertThat(ws.onlyEvent().get("type").asText()).isEqualTo("published");
    }

    @Test
    void aBinaryBodyFollowsItsPublish() {
        byte[] body = {0, 1, 2, (byte) 0xFF};
        ws.sendText("{\"op\":\"publish\",\"id\":\"bin\",\"topic\":\"orders\",\"bodyFrame\":true}");
        assertThat(ws.events()).isEmpty();
        ws.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(body)));

        assertThat(ws.onlyEvent().get("type").asText()).isEqualTo("published");
        assertThat(ws.broker.only(RequestCode.SEND_MESSAGE).body()).isEqualTo(body);
    }

    @Test
    void aRefusedRequestIsAnErrorEventAndTheConnectionStaysOpen() {
        ws.sendText("{\"op\":\"publish\",\"id\":\"big\",\"topic\":\"orders\",\"body\":\"" + "x".repeat(2000) + "\"}");

        ObjectNode error = ws.onlyEvent();
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("id").asText()).isEqualTo("big");
        assertThat(error.get("code").asText()).isEqualTo("MESSAGE_BODY_TOO_LARGE");
        assertThat(ws.channel.isOpen()).isTrue();

        ws.sendText("{\"op\":\"publish\",\"topic\":\"orders\",\"body\":\"x\"}");
        error = ws.onlyEvent();
        assertThat(error.get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(error.get("message").asText()).contains("\"id\"");
        assertThat(ws.channel.isOpen()).isTrue();
    }

    @Test
    void theBrokersRefusalCarriesItsRocketmqCode() {
        ws.broker.refuse(RequestCode.SEND_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[nowhere] not exist");

        ws.sendText("{\"op\":\"publish\",\"id\":1,\"topic\":\"nowhere\",\"body\":\"x\"}");

        ObjectNode error = ws.onlyEvent();
        assertThat(error.get("code").asText()).isEqualTo("TOPIC_NOT_FOUND");
        assertThat(error.get("rocketmqCode").asInt()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void malformedJsonClosesWith1003() {
        ws.sendText("{\"op\":\"publish\",");

        assertThat(ws.closedWith().statusCode()).isEqualTo(1003);
    }

    @Test
    void jsonThatIsNotAnObjectClosesWith1003() {
        ws.sendText("[1,2,3]");

        CloseWebSocketFrame close = ws.closedWith();
        assertThat(close.statusCode()).isEqualTo(1003);
        assertThat(close.reasonText()).contains("JSON object");
    }

    @Test
    void anUnknownOpClosesWith1002NamingIt() {
        ws.sendText("{\"op\":\"teleport\",\"id\":1}");

        CloseWebSocketFrame close = ws.closedWith();
        assertThat(close.statusCode()).isEqualTo(1002);
        assertThat(close.reasonText()).contains("teleport");
    }

    @Test
    void aMessageLargerThanMaxFrameBytesClosesWith1009() {
        ws.send(new TextWebSocketFrame(false, 0, "{\"op\":\"publish\",\"body\":\"" + "x".repeat(3000)));
        ws.send(new ContinuationWebSocketFrame(true, 0, "x".repeat(3000) + "\"}"));

        assertThat(ws.closedWith().statusCode()).isEqualTo(1009);
    }

    @Test
    void oneFrameLargerThanMaxFrameBytesClosesWith1009() {
        ws.sendText("{\"op\":\"publish\",\"body\":\"" + "x".repeat(5000) + "\"}");

        assertThat(ws.closedWith().statusCode()).isEqualTo(1009);
    }

    @Test
    void aBinaryFrameWithoutAPrecedingPublishClosesWith4400() {
        ws.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));

        assertThat(ws.closedWith().statusCode()).isEqualTo(4400);
    }

    @Test
    void aTextFrameWhereTheBodyFrameWasDueClosesWith4400() {
        ws.sendText("{\"op\":\"publish\",\"id\":1,\"topic\":\"orders\",\"bodyFrame\":true}");
        ws.sendText("{\"op\":\"publish\",\"id\":2,\"topic\":\"orders\",\"body\":\"x\"}");

        assertThat(ws.closedWith().statusCode()).isEqualTo(4400);
        assertThat(ws.broker.commands(RequestCode.SEND_MESSAGE)).isEmpty();
    }

    @Test
    void aPingIsAnsweredWithAPongAndACloseIsEchoed() {
        ws.send(new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.UTF_8)));
        List<WebSocketFrame> frames = ws.frames();
        assertThat(frames).singleElement().isInstanceOf(PongWebSocketFrame.class);
        assertThat(frames.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("are you there");
        frames.forEach(WebSocketFrame::release);

        ws.send(new CloseWebSocketFrame(1000, "bye"));

        CloseWebSocketFrame close = ws.closedWith();
        assertThat(close.statusCode()).isEqualTo(1000);
        assertThat(close.reasonText()).isEqualTo("bye");
    }
}
