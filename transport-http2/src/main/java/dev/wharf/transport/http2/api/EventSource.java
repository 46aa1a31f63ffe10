package dev.wharf.transport.http2.api;

/**
 * What feeds a Server-Sent-Events answer once its headers are out. It writes through the
 * {@link EventSink}, which says whether the client can take more (flow control) and when it went away.
 */
@FunctionalInterface
public interface EventSource {

    /** Starts writing events; called once, on the connection's event loop. */
    void start(EventSink sink);
}
