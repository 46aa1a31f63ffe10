package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PauseReadingWhileUnwritableTest {

    @Test
    void stopsReadingWhileThePeerDoesNotTakeOurWritesAndResumesWhenItDoes() {
        EmbeddedChannel channel = new EmbeddedChannel(PauseReadingWhileUnwritable.INSTANCE);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));

        channel.write(Unpooled.wrappedBuffer(new byte[32]));
        assertThat(channel.isWritable()).isFalse();
        assertThat(channel.config().isAutoRead()).isFalse();

        channel.flush();
        channel.runPendingTasks();
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();

        channel.finishAndReleaseAll();
    }
}
