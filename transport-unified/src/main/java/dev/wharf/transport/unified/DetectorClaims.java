package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether detectors can be told apart: no detector of one priority may recognise a sample opening of another
 * detector of the same priority (a higher priority refines a lower one's bytes, as gRPC does HTTP/2's). A
 * gateway checks every provider's detector with it at start-up, whether or not they share a port; each
 * unified port checks its own protocols again, with their order and fallback.
 *
 * <pre>{@code
 * DetectorClaims.check(Map.of("mqtt", new MqttDetector(), "http", httpDetector));
 * }</pre>
 */
public final class DetectorClaims {

    private DetectorClaims() {}

    /**
     * @param detectors by a name for messages: the protocol, and where its provider comes from
     * @throws IllegalArgumentException naming the two protocols that claim one opening with one priority, or a
     *     detector without sample openings
     */
    public static void check(Map<String, ProtocolDetector> detectors) {
        List<Map.Entry<String, ProtocolDetector>> all = new ArrayList<>(detectors.entrySet());
        for (Map.Entry<String, ProtocolDetector> owner : all) {
            List<byte[]> samples = owner.getValue().sampleOpenings();
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("the detector of " + owner.getKey()
                        + " has no sample openings, so no one can check that no other protocol claims its bytes");
            }
            for (byte[] sample : samples) {
                for (Map.Entry<String, ProtocolDetector> other : all) {
                    if (other != owner) {
                        checkSample(owner.getKey(), owner.getValue(), sample, other.getKey(), other.getValue());
                    }
                }
            }
        }
    }

    /** @throws IllegalArgumentException when {@code other} claims {@code owner}'s sample with the same priority */
    static void checkSample(String owner, ProtocolDetector ownerDetector, byte[] sample, String other,
            ProtocolDetector otherDetector) {
        ByteBuf bytes = Unpooled.wrappedBuffer(sample);
        if (otherDetector.priority() == ownerDetector.priority() && otherDetector.detect(bytes) == Result.RECOGNIZED) {
            throw new IllegalArgumentException(owner + " and " + other + " both claim the opening " + shown(sample)
                    + " with the same priority " + ownerDetector.priority()
                    + "; give one of them a higher priority or a narrower detector");
        }
    }

    /** The first bytes of an opening, printable ones as text. */
    static String shown(byte[] sample) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < Math.min(sample.length, 24); i++) {
            int b = sample[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text.append(sample.length > 24 ? "...\"" : "\"").toString();
    }
}
