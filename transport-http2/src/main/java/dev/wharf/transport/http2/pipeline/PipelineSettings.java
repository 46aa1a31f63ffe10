package dev.wharf.transport.http2.pipeline;

import dev.wharf.transport.http2.HttpOptions;
import java.time.Clock;

/**
 * What every connection's pipeline is built from.
 *
 * @param options the listener's limits
 * @param service serves the requests
 * @param clock stamps them
 * @param drain the listener's drain, which its connections take part in
 */
public record PipelineSettings(HttpOptions options, ApiService service, Clock clock, HttpDrain drain) {

    /** Longest request line (method, target, version). */
    static final int MAX_INITIAL_LINE = 8 << 10;
    /** Most bytes of headers a request may carry, HTTP/1.1 or HTTP/2. */
    static final int MAX_HEADER_BYTES = 16 << 10;
    /** Largest piece of body the HTTP/1.1 decoder hands on at once. */
    static final int MAX_CHUNK = 64 << 10;
}
