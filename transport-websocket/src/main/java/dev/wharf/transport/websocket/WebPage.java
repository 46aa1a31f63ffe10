package dev.wharf.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The bundled console page (plain HTML and JavaScript), read once from the class path. */
final class WebPage {

    static final String RESOURCE = "console.html";

    private final byte[] html;

    private WebPage(byte[] html) {
        this.html = html;
    }

    static WebPage load() {
        try (InputStream in = WebPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the web page " + RESOURCE + " is missing from the class path");
            }
            return new WebPage(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web page " + RESOURCE, e);
        }
    }

    void serve(ChannelHandlerContext ctx, HttpRequest request) {
        HttpAnswers.send(ctx, request, HttpResponseStatus.OK, "text/html; charset=utf-8", html);
    }
}
