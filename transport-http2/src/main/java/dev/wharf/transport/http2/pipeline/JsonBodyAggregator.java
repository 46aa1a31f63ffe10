package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.api.HttpError;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates a request up to the body limit and answers a larger one with 413 and a JSON error instead of
 * Netty's empty answer. A request that announced its length is refused before its body is read, and the
 * connection stays usable when the client keeps it alive; otherwise (HTTP/1.1) it is closed, since the
 * rest of the body cannot be told from the next request.
 */
final class JsonBodyAggregator extends HttpObjectAggregator {

    private final boolean http2Stream;

    JsonBodyAggregator(int maxRequestBytes, boolean http2Stream) {
        super(maxRequestBytes, true);
        this.http2Stream = http2Stream;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        boolean keepOpen = http2Stream || (!(oversized instanceof FullHttpRequest)
                && HttpUtil.isContentLengthSet(oversized) && HttpUtil.isKeepAlive(oversized));
        HttpError error = HttpError.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                "the request body is larger than the " + maxContentLength() + " bytes this listener takes "
                        + "(listener option maxRequestBytes)");
        ctx.writeAndFlush(Responses.error(error, !keepOpen)).addListener(keepOpen
                ? ChannelFutureListener.CLOSE_ON_FAILURE
                : ChannelFutureListener.CLOSE);
    }
}
