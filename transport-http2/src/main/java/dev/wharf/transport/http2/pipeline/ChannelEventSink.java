package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.api.EventSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An event stream written to a channel: an HTTP/1.1 connection or one HTTP/2 stream, whose writability then
 * follows the stream's flow-control window. Tasks waiting for writability are kept on the event loop and run
 * by {@link #writabilityChanged()}.
 */
final class ChannelEventSink implements EventSink {

    private final Channel channel;
    private final Runnable onEnd;
    private final Queue<Runnable> waitingForWritable = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Run on the event loop when this side ends the stream. */
    private final List<Runnable> endTasks = new CopyOnWriteArrayList<>();

    /**
     * @param onEnd runs on the event loop once the stream ended on this side (the connection may carry on)
     */
    ChannelEventSink(Channel channel, Runnable onEnd) {
        this.channel = channel;
        this.onEnd = onEnd;
    }

    @Override
    public void event(String name, String id, String data) {
        write("event: " + name + "\nid: " + id + "\ndata: " + data + "\n\n");
    }

    @Override
    public void comment(String text) {
        write(": " + text + "\n\n");
    }

    private void write(String text) {
        if (!isOpen()) {
            return;
        }
        ByteBuf bytes = ByteBufUtil.writeUtf8(channel.alloc(), text);
        channel.writeAndFlush(new DefaultHttpContent(bytes)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void heartbeat(Duration period, String text) {
        ScheduledFuture<?> beat = channel.eventLoop().scheduleAtFixedRate(
                () -> comment(text), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closedChannel -> beat.cancel(false));
        endTasks.add(() -> beat.cancel(false));
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && channel.isActive();
    }

    @Override
    public void whenWritable(Runnable task) {
        channel.eventLoop().execute(() -> {
            if (!isOpen()) {
                return;
            }
            if (channel.isWritable()) {
                task.run();
            } else {
                waitingForWritable.add(task);
            }
        });
    }

    /** Called on the event loop when the channel's writability changed. */
    void writabilityChanged() {
        while (channel.isWritable() && isOpen() && !waitingForWritable.isEmpty()) {
            waitingForWritable.poll().run();
        }
    }

    /** Runs {@code task} on the event loop when this side ends the stream ({@link #close()}). */
    void whenEnded(Runnable task) {
        endTasks.add(task);
    }

    @Override
    public void onClose(Runnable task) {
        channel.closeFuture().addListener(closedChannel -> task.run());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                waitingForWritable.clear();
                endTasks.forEach(Runnable::run);
                if (channel.isActive()) {
                    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                }
                onEnd.run();
            });
        }
    }
}
