package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.api.ApiResponse;
import dev.wharf.transport.http2.api.HttpError;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Netty response objects for API answers. */
final class Responses {

    private Responses() {}

    /**
     * A whole answer.
     *
     * @param close whether the connection closes after it (HTTP/1.1 only; HTTP/2 streams end by themselves)
     */
    static FullHttpResponse full(ApiResponse.Full answer, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                Unpooled.wrappedBuffer(answer.body()));
        if (answer.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        answer.headers().forEach(response.headers()::set);
        if (answer.status().code() != HttpResponseStatus.NO_CONTENT.code()) {
            HttpUtil.setContentLength(response, answer.body().length);
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    static FullHttpResponse error(HttpError error, boolean close) {
        return full((ApiResponse.Full) ApiResponse.error(error), close);
    }

    /** The head of a Server-Sent-Events answer; its body follows in chunks (HTTP/1.1) or DATA frames. */
    static HttpResponse eventStreamHead() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setTransferEncodingChunked(response, true);
        return response;
    }
}
