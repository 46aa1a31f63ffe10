package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ServerConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every Remoting channel, server or client side, is set up with.
 *
 * @param maxFrameLength the largest frame accepted from the peer, in bytes, length field included
 * @param idleTimeout a channel without reads or writes for this long is closed; zero never closes
 * @param compressLikePeer whether this end starts compressing once its peer does (a server accepting
 *     compression: see {@link RemotingConnection#compressLikePeer()})
 */
record ChannelSettings(int maxFrameLength, Duration idleTimeout, boolean compressLikePeer) {

    ChannelSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive, got " + maxFrameLength);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
        }
    }

    ChannelSettings(int maxFrameLength, Duration idleTimeout) {
        this(maxFrameLength, idleTimeout, false);
    }

    ChannelSettings withCompressLikePeer(boolean value) {
        return new ChannelSettings(maxFrameLength, idleTimeout, value);
    }

    /** Reads the server options, naming the option whose value is bad. */
    static ChannelSettings of(ServerConfig config) {
        return new ChannelSettings(
                option(NettyRemotingServer.MAX_FRAME_LENGTH_OPTION, () -> config.intOption(
                        NettyRemotingServer.MAX_FRAME_LENGTH_OPTION, ClientOptions.DEFAULT_MAX_FRAME_LENGTH)),
                option(NettyRemotingServer.IDLE_TIMEOUT_OPTION, () -> config.durationOption(
                        NettyRemotingServer.IDLE_TIMEOUT_OPTION, NettyRemotingServer.DEFAULT_IDLE_TIMEOUT)));
    }

    static ChannelSettings of(ClientOptions options) {
        return new ChannelSettings(options.maxFrameLength(), options.idleTimeout());
    }

    private static <T> T option(String name, Supplier<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad Remoting server option " + name + ": " + e.getMessage(), e);
        }
    }
}
