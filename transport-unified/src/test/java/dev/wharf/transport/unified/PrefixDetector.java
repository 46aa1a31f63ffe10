package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ProtocolDetector;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A test detector: a protocol recognised by a fixed prefix, with one sample opening. */
class PrefixDetector implements ProtocolDetector {

    private final String prefix;
    private final int priority;
    private final String sample;

    PrefixDetector(String prefix, int priority, String sample) {
        this.prefix = prefix;
        this.priority = priority;
        this.sample = sample;
    }

    @Override
    public int priority() {
        return priority;
    }

    PrefixDetector(String prefix, int priority) {
        this(prefix, priority, prefix + " sample");
    }

    @Override
    public Result detect(ByteBuf in) {
        return ProtocolDetector.matchPrefix(in, prefix.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public List<byte[]> sampleOpenings() {
        return List.of(sample.getBytes(StandardCharsets.US_ASCII));
    }
}
