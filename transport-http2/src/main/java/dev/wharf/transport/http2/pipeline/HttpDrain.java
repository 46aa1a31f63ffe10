package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.spi.ConnectionDrain;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drain of one HTTP listener's connections, shared by all of them. Event streams never end by themselves, so
 * they are ended (cleanly: the last chunk, or END_STREAM) when the drain begins; then every connection gets a
 * {@link dev.wharf.transport.spi.DrainEvent}: an HTTP/2 connection sends GOAWAY with its last stream id and closes
 * once its open streams ended (long-poll receives answer when their wait is over), an HTTP/1.1 connection closes
 * at once when idle, or after answering its request with {@code Connection: close}.
 */
public final class HttpDrain {

    private final Set<ChannelEventSink> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean started;

    /**
     * Drains {@code channels}, at most {@code timeout}.
     *
     * @return how many connections are still open: the caller closes them
     */
    public int drain(ChannelGroup channels, Duration timeout) {
        started = true;
        streams.forEach(ChannelEventSink::close);
        return ConnectionDrain.drain(channels, timeout);
    }

    /** Whether the listener is draining: HTTP/1.1 answers close their connection. */
    boolean started() {
        return started;
    }

    /** An event stream began; one that begins during the drain ends at once. */
    void opened(ChannelEventSink stream) {
        streams.add(stream);
        stream.whenEnded(() -> streams.remove(stream));
        stream.onClose(() -> streams.remove(stream));
        if (started) {
            stream.close();
        }
    }
}
