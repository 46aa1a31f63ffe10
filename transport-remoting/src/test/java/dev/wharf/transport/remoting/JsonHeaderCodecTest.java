package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.wharf.transport.spi.LanguageCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonHeaderCodecTest {

    private final JsonHeaderCodec codec = JsonHeaderCodec.INSTANCE;

    @Test
    void decodesAHeaderAsFastjsonWritesIt() {
        RemotingCommand command = decode("{\"code\":105,\"extFields\":{\"topic\":\"OrderTopic\"},\"flag\":0,"
                + "\"language\":\"JAVA\",\"opaque\":42,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");

        assertThat(command.code()).isEqualTo(RequestCode.GET_ROUTEINFO_BY_TOPIC);
        assertThat(command.extFields()).containsExactly(entry("topic", "OrderTopic"));
        assertThat(command.flag()).isZero();
        assertThat(command.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(command.opaque()).isEqualTo(42);
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.remark()).isNull();
    }

    @Test
    void writesFastjsonKeysInItsOrderAndLeavesOutANullRemark() throws IOException {
        RemotingCommand command = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", "OrderTopic")
                .opaque(42)
                .version(479)
                .language(LanguageCode.GO)
                .build();

        Map<String, String> json = topLevelFields(encode(command));

        assertThat(json).containsExactly(
                entry("code", "105"),
                entry("extFields", "{topic=OrderTopic}"),
                entry("flag", "0"),
                entry("language", "GO"),
                entry("opaque", "42"),
                entry("serializeTypeCurrentRPC", "JSON"),
                entry("version", "479"));
    }

    @Test
    void writesARemarkAndAnEmptyExtFieldsObject() throws IOException {
        RemotingCommand response = RemotingCommand.errorResponse(
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).opaque(7).build(), 17, "topic not exist");

        Map<String, String> json = topLevelFields(encode(response));

        assertThat(json).containsEntry("remark", "topic not exist")
                .containsEntry("extFields", "{}")
                .containsEntry("flag", "1")
                .containsEntry("opaque", "7");
    }

    @Test
    void readsKeysInAnyOrderAndSkipsUnknownOnes() {
        RemotingCommand command = decode("{\"version\":1,\"unknown\":{\"a\":[1,{\"b\":[]}]},\"opaque\":7,"
                + "\"list\":[1,2],\"code\":10,\"flag\":2,\"language\":\"COBOL\"}");

        assertThat(command.code()).isEqualTo(10);
        assertThat(command.opaque()).isEqualTo(7);
        assertThat(command.flag()).isEqualTo(2);
        assertThat(command.version()).isEqualTo(1);
        assertThat(command.language()).isEqualTo(LanguageCode.OTHER);
        assertThat(command.extFields()).isEmpty();
        assertThat(command.remark()).isNull();
    }

    @Test
    void turnsNumbersAndBooleansInExtFieldsIntoStrings() {
        RemotingCommand command = decode("{\"code\":11,\"extFields\":{\"queueId\":3,\"commitOffset\":12345678901,"
                + "\"unitMode\":true,\"ratio\":1.5,\"gone\":null,\"topic\":\"T\"},\"remark\":null}");

        assertThat(command.extFields()).containsOnly(
                entry("queueId", "3"),
                entry("commitOffset", "12345678901"),
                entry("unitMode", "true"),
                entry("ratio", "1.5"),
                entry("topic", "T"));
    }

    @Test
    void keepsControlCharactersAndNonAsciiTextIntact() {
        String properties = "TAGS\u0001A\u0002KEYS\u0001k1 k2\u0002WAIT\u0001true\u0002";
        RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extField("i", properties)
                .remark("überprüft \"quoted\" 送信")
                .build();

        RemotingCommand decoded = decode(encode(command));

        assertThat(decoded.extField("i")).isEqualTo(properties);
        assertThat(decoded.remark()).isEqualTo("überprüft \"quoted\" 送信");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[1,2]",
        "{\"code\":10",
        "{\"code\":\"ten\"}",
        "{\"code\":12345678901}",
        "{\"code\":10,\"extFields\":[\"a\"]}",
        "{\"code\":10,\"extFields\":{\"a\":{\"b\":1}}}",
        "{\"code\":10,\"remark\":[]}"
    })
    void refusesWhatIsNotAHeader(String header) {
        assertThatThrownBy(() -> decode(header))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageStartingWith("bad JSON header");
    }

    private RemotingCommand decode(String header) {
        return codec.decode(Unpooled.copiedBuffer(header, StandardCharsets.UTF_8)).build();
    }

    private String encode(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        codec.encode(command, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The top-level keys in document order, nested objects flattened to {@code {k=v}}. */
    private static Map<String, String> topLevelFields(String json) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    List<String> entries = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        parser.nextToken();
                        entries.add(key + "=" + parser.getText());
                    }
                    fields.put(name, "{" + String.join(", ", entries) + "}");
                } else {
                    fields.put(name, parser.getText());
                }
            }
            assertThat(parser.nextToken()).as("nothing after the object").isNull();
        }
        return fields;
    }
}
