package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.SerializeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What one end of a negotiation speaks, each list best first: the versions of Wharf's Remoting, the
 * header encodings and the body compressions. A client sends its offer as a
 * {@link RequestCode#WHARF_NEGOTIATE} request; a server holds the offer it accepts and answers with the
 * highest common choice in each list ({@link #answer}).
 *
 * <p>On the wire, as extFields of a JSON-header request: {@value #PROTOCOLS}{@code =remoting/1},
 * {@value #HEADERS}{@code =ROCKETMQ,JSON}, {@value #COMPRESSION}{@code =zlib,none}. A reader skips entries
 * it does not know (another protocol's, a compression it lacks), so that newer clients can offer more.
 *
 * @param versions Remoting versions, highest first
 * @param headers header encodings, binary first
 * @param compressions body compressions, compressed first
 */
record HandshakeOffer(List<Integer> versions, List<SerializeType> headers, List<BodyCompression> compressions) {

    static final String PROTOCOLS = "protocols";
    static final String HEADERS = "headers";
    static final String COMPRESSION = "compression";
    /** The protocol name in {@value #PROTOCOLS} entries: {@code remoting/<version>}. */
    static final String PROTOCOL = "remoting";

    /** Binary headers are preferred: smaller and cheaper to read. (Before the constants built with it.) */
    private static final Comparator<SerializeType> HEADER_PREFERENCE =
            Comparator.comparing(type -> type == SerializeType.ROCKETMQ ? 0 : 1);

    /** Everything this Wharf implements: Remoting version 1, binary or JSON headers, zlib or no compression. */
    static final HandshakeOffer EVERYTHING = new HandshakeOffer(
            List.of(1),
            List.of(SerializeType.ROCKETMQ, SerializeType.JSON),
            List.of(BodyCompression.ZLIB, BodyCompression.NONE));

    HandshakeOffer {
        versions = versions.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        headers = headers.stream().distinct().sorted(HEADER_PREFERENCE).toList();
        compressions = compressions.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    }

    /** The handshake request carrying this offer. */
    RemotingCommand toRequest() {
        return RemotingCommand.request(RequestCode.WHARF_NEGOTIATE)
                .extField(PROTOCOLS, String.join(",", versions.stream().map(v -> PROTOCOL + "/" + v).toList()))
                .extField(HEADERS, String.join(",", headers.stream().map(SerializeType::name).toList()))
                .extField(COMPRESSION, String.join(",",
                        compressions.stream().map(BodyCompression::wireName).toList()))
                .build();
    }

    /**
     * The offer a handshake request carries; entries this Wharf does not know are skipped.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    static HandshakeOffer of(RemotingCommand request) {
        List<Integer> versions = new ArrayList<>();
        for (String entry : entries(request, PROTOCOLS)) {
            int slash = entry.indexOf('/');
            if (slash <= 0 || slash == entry.length() - 1) {
                throw new IllegalArgumentException(PROTOCOLS + " entries are name/version, got '" + entry + "'");
            }
            if (entry.substring(0, slash).equalsIgnoreCase(PROTOCOL)) {
                versions.add(version(entry.substring(slash + 1), entry));
            }
        }
        return new HandshakeOffer(
                versions,
                known(entries(request, HEADERS), name -> SerializeType.valueOf(name.toUpperCase(Locale.ROOT))),
                known(entries(request, COMPRESSION), BodyCompression::fromWireName));
    }

    /**
     * The highest common choice between this offer (what a server accepts) and the client's.
     *
     * @throws IllegalArgumentException naming the first list without a common entry, with both sides' lists
     */
    HandshakeAnswer answer(HandshakeOffer client) {
        return new HandshakeAnswer(
                common("Remoting version", versions, client.versions),
                new WireFormat(common("header encoding", headers, client.headers),
                        common("compression", compressions, client.compressions)));
    }

    /** Whether {@code answer} picks only what this offer holds. */
    boolean allows(HandshakeAnswer answer) {
        return versions.contains(answer.version())
                && headers.contains(answer.format().headers())
                && compressions.contains(answer.format().compression());
    }

    /** The first of {@code ours} (best first) that {@code theirs} holds too. */
    private static <T> T common(String what, List<T> ours, List<T> theirs) {
        return ours.stream().filter(theirs::contains).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no common " + what + ": the client offers " + theirs + ", this server accepts " + ours));
    }

    private static List<String> entries(RemotingCommand request, String field) {
        String value = request.extField(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the handshake has no " + field);
        }
        return List.of(value.split(",")).stream().map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    private static int version(String text, String entry) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad version in " + PROTOCOLS + " entry '" + entry + "'", e);
        }
    }

    private static <T> List<T> known(List<String> names, Function<String, T> parse) {
        List<T> known = new ArrayList<>();
        for (String name : names) {
            try {
                known.add(parse.apply(name));
            } catch (IllegalArgumentException unknown) {
                // A newer peer may offer what this Wharf lacks; it simply cannot be chosen.
            }
        }
        return known;
    }

    /** As a handshake carries it: {@code protocols=remoting/1 headers=ROCKETMQ,JSON compression=zlib,none}. */
    @Override
    public String toString() {
        RemotingCommand request = toRequest();
        return PROTOCOLS + "=" + request.extField(PROTOCOLS) + " " + HEADERS + "=" + request.extField(HEADERS) + " "
                + COMPRESSION + "=" + request.extField(COMPRESSION);
    }
}
