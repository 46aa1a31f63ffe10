package dev.wharf.transport.remoting;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.wharf.transport.spi.LanguageCode;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The JSON header every official Java client sends (serialize type 0), with Jackson's streaming API.
 *
 * <p>Writes the keys fastjson writes, in its alphabetical order, leaving out a null remark. Reads keys
 * in any order, skips unknown ones, and accepts extFields values that are JSON numbers or booleans
 * as well as strings.
 */
final class JsonHeaderCodec implements HeaderCodec {

    static final JsonHeaderCodec INSTANCE = new JsonHeaderCodec();

    /** Thread-safe once configured; parsers and generators are cheap to make from it. */
    private static final JsonFactory JSON = new JsonFactory();

    private JsonHeaderCodec() {}

    @Override
    public SerializeType type() {
        return SerializeType.JSON;
    }

    @Override
    public void encode(RemotingCommand command, ByteBuf out) {
        OutputStream target = new ByteBufOutputStream(out);
        try (JsonGenerator json = JSON.createGenerator(target, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("code", command.code());
            // Always present, even empty: clients read send-response fields from this map unconditionally.
            json.writeObjectFieldStart("extFields");
            for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("flag", command.flag());
            json.writeStringField("language", command.language().name());
            json.writeNumberField("opaque", command.opaque());
            if (command.remark() != null) {
                json.writeStringField("remark", command.remark());
            }
            json.writeStringField("serializeTypeCurrentRPC", SerializeType.JSON.name());
            json.writeNumberField("version", command.version());
            json.writeEndObject();
        } catch (IOException e) {
            throw new EncoderException("cannot write the JSON header of " + command, e);
        }
    }

    @Override
    public RemotingCommand.Builder decode(ByteBuf header) {
        RemotingCommand.Builder command = RemotingCommand.request(0);
        try (JsonParser json = JSON.createParser((InputStream) new ByteBufInputStream(header))) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptedFrameException("bad JSON header: not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "code" -> command.code(intValue(json, name));
                    case "flag" -> command.flag(intValue(json, name));
                    case "opaque" -> command.opaque(intValue(json, name));
                    case "version" -> command.version(intValue(json, name));
                    case "language" -> command.language(LanguageCode.fromName(stringValue(json, name)));
                    case "remark" -> command.remark(stringValue(json, name));
                    case "extFields" -> readExtFields(json, command);
                    default -> json.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new CorruptedFrameException("bad JSON header: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CorruptedFrameException("bad JSON header: " + e.getMessage());
        }
        return command;
    }

    private static void readExtFields(JsonParser json, RemotingCommand.Builder command) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new CorruptedFrameException("bad JSON header: extFields is not an object");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            command.extField(name, stringValue(json, "extFields." + name));
        }
    }

    private static int intValue(JsonParser json, String name) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new CorruptedFrameException("bad JSON header: " + name + " is not an integer");
        }
        return json.getIntValue();
    }

    /** A scalar as text, so that {@code 4}, {@code true} and {@code "4"} all read as strings. */
    private static String stringValue(JsonParser json, String name) throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new CorruptedFrameException("bad JSON header: " + name + " is not a string, number or boolean");
        }
        return json.getText();
    }
}
