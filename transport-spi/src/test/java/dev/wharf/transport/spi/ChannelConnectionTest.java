package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChannelConnectionTest {

    private static final ProtocolType STOMP = ProtocolType.of("stomp");

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelConnection connection = new Writing(channel);

    @Test
    void itsIdNamesTheProtocolAndIsUniqueInTheProcess() {
        ChannelConnection other = new Writing(new EmbeddedChannel());

        assertThat(connection.id()).startsWith("stomp-");
        assertThat(other.id()).startsWith("stomp-").isNotEqualTo(connection.id());
        assertThat(connection.protocol()).isEqualTo(STOMP);
        assertThat(connection.toString()).startsWith(connection.id() + "[");
    }

    @Test
    void itsAttributesAreTheChannels() {
        AttributeKey<String> group = AttributeKey.valueOf(ChannelConnectionTest.class, "group");
        connection.attr(group).set("billing");

        assertThat(channel.attr(group).get()).isEqualTo("billing");
        assertThat(connection.hasAttr(group)).isTrue();
    }

    @Test
    void itsClientIsTheProxyHeadersWhenThePortReadsThem() {
        InetSocketAddress client = new InetSocketAddress("203.0.113.9", 40_000);
        ClientAddress.set(channel, client);

        assertThat(connection.remoteAddress()).isEqualTo(client);
    }

    @Test
    void aWriteCompletesItsFutureWhenWrittenAndFailsItWhenTheChannelIsClosed() {
        RemotingCommand notice = RemotingCommand.request(RequestCode.HEART_BEAT).oneway().build();

        assertThat(connection.send(notice)).isCompleted();
        assertThat((Object) channel.readOutbound()).isSameAs(notice);
        channel.close();
        assertThat(connection.send(notice)).isCompletedExceptionally();
    }

    @Test
    void closingItClosesTheChannel() {
        assertThat(connection.isActive()).isTrue();

        CompletableFuture<Void> closed = connection.close();

        assertThat(closed).isCompleted();
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.isActive()).isFalse();
    }

    /** Writes the commands it is sent to its channel as they are. */
    private static final class Writing extends ChannelConnection {

        Writing(EmbeddedChannel channel) {
            super(channel, STOMP);
        }

        @Override
        public CompletableFuture<Void> send(RemotingCommand command) {
            return completion(channel().writeAndFlush(command));
        }

        @Override
        public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no pushes"));
        }
    }
}
