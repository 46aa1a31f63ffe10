package dev.wharf.transport.http2.endpoints;

import dev.wharf.transport.http2.api.ApiRequest;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.time.Duration;

/**
 * The query of a receive or stream request: {@code ?max=16&invisibleTime=30s&wait=20s&tag=A||B&encoding=text}.
 * The messaging module checks the ranges (max 1..32, invisible time 10 s..12 h, wait up to 30 s).
 */
final class ReceiveQuery {

    static final int DEFAULT_MAX = 16;
    static final Duration DEFAULT_INVISIBLE_TIME = Duration.ofSeconds(30);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private ReceiveQuery() {}

    /** The receive the request asks for, waiting {@code wait} unless the query says otherwise. */
    static ReceiveRequest of(ApiRequest request, Duration wait) {
        String tag = request.query("tag");
        return new ReceiveRequest(request.param("group"), request.param("topic"),
                tag == null || tag.isBlank() ? "*" : tag,
                request.intQuery("max", DEFAULT_MAX),
                request.durationQuery("invisibleTime", DEFAULT_INVISIBLE_TIME),
                request.durationQuery("wait", wait));
    }

    static BodyEncoding encoding(ApiRequest request) {
        return BodyEncoding.of(request.query("encoding"));
    }
}
