package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ChannelCloseStageTest {

    @Test
    void completesWhenTheChannelClosesAndNotBefore() {
        EmbeddedChannel channel = new EmbeddedChannel();
        CompletionStage<Void> closed = ChannelCloseStage.of(channel);
        CompletableFuture<Void> seen = closed.toCompletableFuture();

        // A caller completing its copy does not complete the stage.
        closed.toCompletableFuture().complete(null);
        assertThat(closed.toCompletableFuture()).isNotDone();
        assertThat(seen).isNotDone();

        channel.close();

        assertThat(closed.toCompletableFuture()).isCompleted();
        assertThat(seen).isCompleted();
    }
}
