package dev.wharf.transport.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * The handlers of a connection once its handshake is done, in order: fragments joined into messages (up to
 * {@code maxFrameBytes}), control frames, keep-alive, data frames into requests, the first-frame
 * authenticator where one is needed, the session serving requests, and the handler that turns failures into
 * close codes.
 */
final class SessionPipeline {

    /** How a connection stands with the listener's tokens after the handshake. */
    enum Access {
        /** No token needed, or a good one in the URL. */
        OPEN,
        /** A token is needed and none was in the URL: the first frame must bring it. */
        FIRST_FRAME,
        /** The URL brought a token that opens nothing. */
        REFUSED
    }

    private final Listener listener;

    SessionPipeline(Listener listener) {
        this.listener = listener;
    }

    /** Adds the session's handlers at the end of {@code channel}'s pipeline. */
    WebSocketConnection install(Channel channel, Access access) {
        WebSocketConnection connection = WebSocketConnection.attach(channel);
        WebSocketServerOptions options = listener.options();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("messages", new WebSocketFrameAggregator(options.maxFrameBytes()));
        pipeline.addLast("controlFrames", new ControlFrames(connection));
        pipeline.addLast("keepAlive", new KeepAlive(options.pingInterval(), connection));
        pipeline.addLast("requests", new ClientFrames());
        if (access == Access.FIRST_FRAME) {
            pipeline.addLast("authenticator",
                    new FirstFrameAuthenticator(listener.tokens(), options.authTimeout(), connection));
        }
        pipeline.addLast("session", new SessionHandler(connection, listener));
        pipeline.addLast("failures", new CloseOnFailure(connection, options.maxFrameBytes()));
        if (access == Access.REFUSED) {
            connection.close(CloseCode.POLICY_VIOLATION, "invalid token");
        }
        return connection;
    }
}
