package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import dev.wharf.transport.spi.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the negotiation: answers a {@link RequestCode#WHARF_NEGOTIATE} request with the
 * highest common choice between the client's offer and what this server accepts, and switches the
 * connection to it. A client offering nothing in common gets {@link ResponseCode#VERSION_NOT_SUPPORTED}
 * naming the list without a common entry; a malformed offer {@link ResponseCode#INVALID_PARAMETER}.
 *
 * <p>The work is a few string comparisons, so it runs on the event loop that read the request (the
 * server registers it with a direct executor) and needs no pool.
 */
final class NegotiationProcessor implements RequestProcessor {

    /** Server option: {@code false} turns the handshake off, as on an Apache RocketMQ broker. */
    static final String ENABLED_OPTION = "negotiation";
    /** Server option: the header encodings this server accepts, comma-separated ({@code ROCKETMQ,JSON}). */
    static final String HEADERS_OPTION = "negotiation.headers";
    /** Server option: the body compressions this server accepts, comma-separated ({@code zlib,none}). */
    static final String COMPRESSION_OPTION = "negotiation.compression";

    private static final Logger log = LoggerFactory.getLogger(NegotiationProcessor.class);

    private final HandshakeOffer accepted;

    NegotiationProcessor(HandshakeOffer accepted) {
        this.accepted = accepted;
    }

    /**
     * The processor the options ask for: empty when {@value #ENABLED_OPTION} is {@code false}.
     *
     * @throws IllegalArgumentException naming the option whose value is bad
     */
    static Optional<NegotiationProcessor> fromOptions(ServerConfig config) {
        String enabled = config.option(ENABLED_OPTION, "true").strip().toLowerCase(Locale.ROOT);
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException(
                    "bad Remoting server option " + ENABLED_OPTION + ": expected true or false, got '" + enabled + "'");
        }
        if (enabled.equals("false")) {
            return Optional.empty();
        }
        HandshakeOffer everything = HandshakeOffer.EVERYTHING;
        return Optional.of(new NegotiationProcessor(new HandshakeOffer(
                everything.versions(),
                listOption(config, HEADERS_OPTION, everything.headers(), SerializeType::name,
                        name -> SerializeType.valueOf(name.strip().toUpperCase(Locale.ROOT))),
                listOption(config, COMPRESSION_OPTION, everything.compressions(), BodyCompression::wireName,
                        BodyCompression::fromWireName))));
    }

    /** What this server accepts. */
    HandshakeOffer accepted() {
        return accepted;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HandshakeOffer offered;
        try {
            offered = HandshakeOffer.of(request);
        } catch (IllegalArgumentException malformed) {
            return refuse(context, request, ResponseCode.INVALID_PARAMETER,
                    "malformed " + RequestCode.nameOf(request.code()) + ": " + malformed.getMessage());
        }
        HandshakeAnswer answer;
        try {
            answer = accepted.answer(offered);
        } catch (IllegalArgumentException nothingInCommon) {
            return refuse(context, request, ResponseCode.VERSION_NOT_SUPPORTED, nothingInCommon.getMessage());
        }
        if (context.connection() instanceof RemotingConnection connection) {
            connection.use(answer.format());
        }
        log.debug("negotiated {} with {}", answer, context.connection());
        return CompletableFuture.completedFuture(answer.toResponse(request));
    }

    private static CompletableFuture<RemotingCommand> refuse(
            RequestContext context, RemotingCommand request, int code, String why) {
        log.info("refusing the negotiation of {}: {}", context.connection(), why);
        return CompletableFuture.completedFuture(RemotingCommand.errorResponse(request, code, why));
    }

    private static <T> List<T> listOption(ServerConfig config, String name, List<T> all,
            Function<T, String> print, Function<String, T> parse) {
        String value = config.option(name, null);
        if (value == null) {
            return all;
        }
        List<T> chosen = new ArrayList<>();
        for (String entry : value.split(",")) {
            try {
                chosen.add(parse.apply(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad Remoting server option " + name + ": '" + entry.strip()
                        + "' is none of " + all.stream().map(print).toList(), e);
            }
        }
        return chosen;
    }
}
