package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.SerializeType;
import dev.wharf.transport.spi.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice a server makes: the highest entry of each list both ends hold. */
class HandshakeOfferTest {

    private static final HandshakeOffer EVERYTHING = HandshakeOffer.EVERYTHING;

    @Test
    void theHighestCommonVersionHeaderAndCompressionAreChosen() {
        HandshakeOffer server = new HandshakeOffer(List.of(1, 2, 3),
                List.of(SerializeType.JSON, SerializeType.ROCKETMQ), List.of(BodyCompression.NONE, BodyCompression.ZLIB));
        HandshakeOffer client = new HandshakeOffer(List.of(2, 1, 4), EVERYTHING.headers(), EVERYTHING.compressions());

        assertThat(server.answer(client))
                .isEqualTo(new HandshakeAnswer(2, new WireFormat(SerializeType.ROCKETMQ, BodyCompression.ZLIB)));
    }

    @Test
    void fewerChoicesOnEitherSideGiveALowerOne() {
        HandshakeOffer plainServer = new HandshakeOffer(List.of(1), List.of(SerializeType.JSON), List.of(BodyCompression.NONE));
        HandshakeOffer oldClient = new HandshakeOffer(List.of(1), List.of(SerializeType.JSON), List.of(BodyCompression.NONE));

        assertThat(plainServer.answer(EVERYTHING).format()).isEqualTo(WireFormat.BASELINE);
        assertThat(EVERYTHING.answer(oldClient).format()).isEqualTo(WireFormat.BASELINE);
    }

    @Test
    void nothingInCommonNamesTheListAndBothSides() {
        HandshakeOffer binaryOnly = new HandshakeOffer(List.of(1), List.of(SerializeType.ROCKETMQ), List.of(BodyCompression.NONE));
        HandshakeOffer jsonOnly = new HandshakeOffer(List.of(1), List.of(SerializeType.JSON), List.of(BodyCompression.NONE));

        assertThatThrownBy(() -> binaryOnly.answer(jsonOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no common header encoding: the client offers [JSON], this server accepts [ROCKETMQ]");
    }

    @Test
    void anOfferTravelsInARequestAndUnknownEntriesAreSkipped() {
        RemotingCommand request = EVERYTHING.toRequest();
        assertThat(request.code()).isEqualTo(RequestCode.WHARF_NEGOTIATE);
        assertThat(request.extFields()).containsEntry("protocols", "remoting/1")
                .containsEntry("headers", "ROCKETMQ,JSON")
                .containsEntry("compression", "zlib,none");
        assertThat(HandshakeOffer.of(request)).isEqualTo(EVERYTHING);

        RemotingCommand newer = RemotingCommand.request(RequestCode.WHARF_NEGOTIATE)
                .extField("protocols", "remoting/2, grpc/1, remoting/1")
                .extField("headers", "CBOR,json")
                .extField("compression", "zstd,none")
                .build();
        assertThat(HandshakeOffer.of(newer)).isEqualTo(
                new HandshakeOffer(List.of(2, 1), List.of(SerializeType.JSON), List.of(BodyCompression.NONE)));
    }

    @Test
    void aMalformedOfferNamesItsField() {
        assertThatThrownBy(() -> HandshakeOffer.of(RemotingCommand.request(RequestCode.WHARF_NEGOTIATE).build()))
                .hasMessage("the handshake has no protocols");
        assertThatThrownBy(() -> HandshakeOffer.of(RemotingCommand.request(RequestCode.WHARF_NEGOTIATE)
                        .extField("protocols", "remoting").extField("headers", "JSON").extField("compression", "none")
                        .build()))
                .hasMessageContaining("name/version, got 'remoting'");
    }

    @Test
    void anAnswerTravelsInAResponse() {
        HandshakeAnswer answer = new HandshakeAnswer(1, new WireFormat(SerializeType.ROCKETMQ, BodyCompression.ZLIB));

        RemotingCommand response = answer.toResponse(EVERYTHING.toRequest());

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(HandshakeAnswer.of(response)).isEqualTo(answer);
        assertThat(EVERYTHING.allows(answer)).isTrue();
        assertThatThrownBy(() -> HandshakeAnswer.of(RemotingCommand.responseTo(response, ResponseCode.SUCCESS)
                        .extField("protocol", "remoting/1").extField("header", "ROCKETMQ").extField("compression", "zstd")
                        .build()))
                .hasMessageContaining("unknown compression 'zstd'");
    }

    @Test
    void serverOptionsNarrowWhatIsAcceptedOrTurnItOff() {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0);

        assertThat(NegotiationProcessor.fromOptions(config).orElseThrow().accepted()).isEqualTo(EVERYTHING);
        assertThat(NegotiationProcessor.fromOptions(config.withOption("negotiation.headers", "json")
                        .withOption("negotiation.compression", "none")).orElseThrow().accepted())
                .isEqualTo(new HandshakeOffer(List.of(1), List.of(SerializeType.JSON), List.of(BodyCompression.NONE)));
        assertThat(NegotiationProcessor.fromOptions(config.withOption("negotiation", "false"))).isEmpty();
        assertThatThrownBy(() -> NegotiationProcessor.fromOptions(config.withOption("negotiation", "maybe")))
                .hasMessageContaining("negotiation: expected true or false, got 'maybe'");
        assertThatThrownBy(() -> NegotiationProcessor.fromOptions(config.withOption("negotiation.compression", "lz4")))
                .hasMessageContaining("negotiation.compression: 'lz4' is none of [zlib, none]");
    }
}
