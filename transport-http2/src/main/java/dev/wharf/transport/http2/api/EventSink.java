package dev.wharf.transport.http2.api;

/**
 * The client end of an event stream. Thread-safe; writes are queued on the connection's event loop.
 */
public interface EventSink {

    /** Writes one event: {@code event: <name>}, {@code id: <id>}, {@code data: <data>} (single-line data). */
    void event(String name, String id, String data);

    /** Writes a comment line, which clients ignore and proxies see as traffic. */
    void comment(String text);

    /** Writes the comment {@code text} every {@code period} until the stream ends, so idle timeouts stay away. */
    void heartbeat(java.time.Duration period, String text);

    /** Whether the client is still there. */
    boolean isOpen();

    /**
     * Runs {@code task} once the client can take more without buffering (at once when it can now): HTTP/2 flow
     * control or a full socket buffer holds it back. Never runs it after the client went away.
     */
    void whenWritable(Runnable task);

    /** Runs {@code task} once, when the client goes away or the stream ends. */
    void onClose(Runnable task);

    /** Ends the stream. */
    void close();
}
