package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import java.util.Locale;

/**
 * A server's choice in a negotiation: one Remoting version and the wire format both ends switch to. On the
 * wire, as extFields of the SUCCESS response: {@value #PROTOCOL}{@code =remoting/1},
 * {@value #HEADER}{@code =ROCKETMQ}, {@value #COMPRESSION}{@code =zlib}.
 *
 * @param version the Remoting version chosen
 * @param format the header encoding and compression chosen
 */
record HandshakeAnswer(int version, WireFormat format) {

    static final String PROTOCOL = "protocol";
    static final String HEADER = "header";
    static final String COMPRESSION = "compression";

    /** The SUCCESS response to {@code request} carrying this answer. */
    RemotingCommand toResponse(RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField(PROTOCOL, HandshakeOffer.PROTOCOL + "/" + version)
                .extField(HEADER, format.headers().name())
                .extField(COMPRESSION, format.compression().wireName())
                .build();
    }

    /**
     * The answer a SUCCESS response carries.
     *
     * @throws IllegalArgumentException naming the field that is missing or unknown
     */
    static HandshakeAnswer of(RemotingCommand response) {
        String protocol = required(response, PROTOCOL);
        String prefix = HandshakeOffer.PROTOCOL + "/";
        if (!protocol.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            throw new IllegalArgumentException(PROTOCOL + " is not " + prefix + "<version>: '" + protocol + "'");
        }
        int version;
        try {
            version = Integer.parseInt(protocol.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad version in " + PROTOCOL + " '" + protocol + "'", e);
        }
        SerializeType headers;
        try {
            headers = SerializeType.valueOf(required(response, HEADER).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + HEADER + " '" + response.extField(HEADER) + "'", e);
        }
        return new HandshakeAnswer(
                version, new WireFormat(headers, BodyCompression.fromWireName(required(response, COMPRESSION))));
    }

    private static String required(RemotingCommand response, String field) {
        String value = response.extField(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the answer has no " + field);
        }
        return value;
    }

    @Override
    public String toString() {
        return HandshakeOffer.PROTOCOL + "/" + version + " with " + format;
    }
}
