package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.SerializeType;
import java.util.Objects;

/**
 * How one end of a Remoting connection writes its frames, as negotiated: the header encoding of the
 * requests it sends (responses follow their request's) and whether bodies may be compressed. Every frame
 * says how it is written, so a reader needs no state to decode either choice.
 *
 * @param headers the header encoding of this end's requests
 * @param compression whether bodies worth it are compressed
 */
record WireFormat(SerializeType headers, BodyCompression compression) {

    /** Plain Remoting: what every Apache RocketMQ peer speaks, and what a connection starts with. */
    static final WireFormat BASELINE = new WireFormat(SerializeType.JSON, BodyCompression.NONE);

    WireFormat {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(compression, "compression");
    }

    WireFormat withCompression(BodyCompression value) {
        return new WireFormat(headers, value);
    }

    @Override
    public String toString() {
        return headers + " headers, " + compression.wireName() + " compression";
    }
}
