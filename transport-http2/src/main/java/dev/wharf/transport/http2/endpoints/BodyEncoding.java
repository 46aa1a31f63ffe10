package dev.wharf.transport.http2.endpoints;

import dev.wharf.transport.http2.api.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How delivered bodies are written into JSON: as text when they are valid UTF-8 (the usual case), else as
 * base64; or always base64 when the client asks with {@code ?encoding=base64}. Each message says which in
 * its {@code encoding} field.
 */
enum BodyEncoding {
    /** Text when valid UTF-8, base64 otherwise. */
    TEXT_IF_VALID,
    /** Always base64. */
    BASE64;

    /** The encoding a request's {@code encoding} query parameter asks for; text when absent. */
    static BodyEncoding of(String requested) {
        if (requested == null || requested.equals("text")) {
            return TEXT_IF_VALID;
        }
        if (requested.equals("base64")) {
            return BASE64;
        }
        throw ApiException.badRequest("query parameter 'encoding' must be text or base64, got '" + requested + "'");
    }

    /** The body as written, and the encoding used. */
    record Encoded(String body, String encoding) {}

    Encoded encode(byte[] body, boolean compressed) {
        if (this == TEXT_IF_VALID && !compressed) {
            String text = utf8(body);
            if (text != null) {
                return new Encoded(text, "text");
            }
        }
        return new Encoded(Base64.getEncoder().encodeToString(body), "base64");
    }

    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
