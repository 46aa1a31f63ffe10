package dev.wharf.transport.unified;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolDetector.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The protocols of one port in the order they are asked, and the one fallback. Built once per port, it
 * refuses a set of protocols that could not be told apart: two fallbacks, a detector without sample
 * openings, a sample that would go to another protocol, or two detectors of one priority that both claim
 * a sample.
 */
final class DetectorTable {

    /** What to do with a connection after its bytes so far. */
    sealed interface Decision {
        /** More bytes are needed before any protocol can be picked: {@code detector} asks for them. */
        record Wait(ProtocolDetector detector) implements Decision {}

        /** This protocol speaks it. */
        record Adopt(ChannelAdopter adopter) implements Decision {}

        /** No protocol of the port speaks it. */
        record Refuse() implements Decision {}
    }

    private static final Decision REFUSE = new Decision.Refuse();

    private final List<ChannelAdopter> detected;
    private final Optional<ChannelAdopter> fallback;

    /** @throws IllegalArgumentException naming the protocols that cannot share the port, and why */
    DetectorTable(List<ChannelAdopter> adopters) {
        List<ChannelAdopter> withDetector = new ArrayList<>();
        List<ChannelAdopter> without = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ChannelAdopter adopter : adopters) {
            if (!names.add(adopter.protocol().name())) {
                throw new IllegalArgumentException("the protocol " + adopter.protocol() + " is on the port twice");
            }
            (adopter.detector().isPresent() ? withDetector : without).add(adopter);
        }
        if (without.size() > 1) {
            throw new IllegalArgumentException("a port has at most one protocol without a detector (its fallback); "
                    + without.get(0).protocol() + " and " + without.get(1).protocol() + " have none");
        }
        withDetector.sort(Comparator.comparingInt((ChannelAdopter adopter) -> detector(adopter).priority()).reversed());
        this.detected = List.copyOf(withDetector);
        this.fallback = without.stream().findFirst();
        checkDisjoint();
    }

    /** The protocol for the bytes read so far, among those that speak the negotiated ALPN protocol if any. */
    Decision decide(ByteBuf in, String alpn) {
        for (ChannelAdopter adopter : detected) {
            if (!speaks(adopter, alpn)) {
                continue;
            }
            Result result = detector(adopter).detect(in);
            if (result == Result.RECOGNIZED) {
                return new Decision.Adopt(adopter);
            }
            if (result == Result.NEED_MORE_DATA) {
                return new Decision.Wait(detector(adopter));
            }
        }
        return fallback.filter(adopter -> speaks(adopter, alpn))
                .<Decision>map(Decision.Adopt::new)
                .orElse(REFUSE);
    }

    /** Every ALPN name a protocol of this port is spoken under, in the order of their detectors. */
    List<String> applicationProtocols() {
        List<String> names = new ArrayList<>();
        List<ChannelAdopter> all = new ArrayList<>(detected);
        fallback.ifPresent(all::add);
        for (ChannelAdopter adopter : all) {
            adopter.applicationProtocols().stream().filter(name -> !names.contains(name)).forEach(names::add);
        }
        // h2 first: a client that offers both should get HTTP/2, which any HTTP/2 protocol here serves.
        names.sort(Comparator.comparing((String name) -> !name.equals("h2")));
        return names;
    }

    private static boolean speaks(ChannelAdopter adopter, String alpn) {
        return alpn == null || adopter.applicationProtocols().contains(alpn);
    }

    private static ProtocolDetector detector(ChannelAdopter adopter) {
        return adopter.detector().orElseThrow();
    }

    private void checkDisjoint() {
        for (ChannelAdopter owner : detected) {
            List<byte[]> samples = detector(owner).sampleOpenings();
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("the detector of " + owner.protocol()
                        + " has no sample openings, so the port cannot check that no other protocol claims its bytes");
            }
            for (byte[] sample : samples) {
                checkSample(owner, sample);
            }
        }
    }

    private void checkSample(ChannelAdopter owner, byte[] sample) {
        for (ChannelAdopter other : detected) {
            if (other != owner) {
                DetectorClaims.checkSample(owner.protocol().name(), detector(owner), sample, other.protocol().name(),
                        detector(other));
            }
        }
        Decision decision = decide(Unpooled.wrappedBuffer(sample), null);
        if (!(decision instanceof Decision.Adopt adopt) || adopt.adopter() != owner) {
            throw new IllegalArgumentException("the sample opening " + DetectorClaims.shown(sample) + " of "
                    + owner.protocol() + " would " + (decision instanceof Decision.Adopt taken
                            ? "go to " + taken.adopter().protocol() : "not be recognised")
                    + "; two protocols claim the same bytes");
        }
    }
}
